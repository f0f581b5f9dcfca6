using Wasmtime;

namespace EdgeCompute.Gateway.Tests.EdgeTasks;

/// <summary>Small modules that follow the host ABI except for what each test breaks, compiled from text.</summary>
internal static class TestModules
{
    public static byte[] WithRun(string runBody, string extra = "") => Module.ConvertText($$"""
        (module
          {{extra}}
          (memory (export "memory") 1)
          (func (export "alloc") (param i32) (result i32) (i32.const 1024))
          (func (export "run") (param $in i32) (param $len i32) (result i64) {{runBody}}))
        """);

    /// <summary>Copies its input to the output.</summary>
    public static byte[] Echo { get; } = WithRun("(i64.or (i64.shl (i64.extend_i32_u (local.get $in)) (i64.const 32)) (i64.extend_i32_u (local.get $len)))");

    /// <summary>Sums its input bytes in a loop (so fuel depends on the input) and returns the sum as 4 bytes.</summary>
    public static byte[] ByteSum { get; } = WithRun("""
        (local $i i32) (local $sum i32)
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.add (local.get $in) (local.get $i)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
        (i32.store (i32.const 0) (local.get $sum))
        (i64.const 4)
        """);

    public static byte[] EndlessLoop { get; } = WithRun("(loop $forever (br $forever)) (i64.const 0)");

    public static byte[] GrowsWithoutBound { get; } = WithRun("""
        (block $refused (loop $more
          (br_if $refused (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
          (br $more)))
        unreachable
        """);

    public static byte[] Unreachable { get; } = WithRun("unreachable");

    /// <summary>Returns 100 bytes at address 0.</summary>
    public static byte[] HundredByteOutput { get; } = WithRun("(i64.const 100)");

    /// <summary>Returns an output that starts past the end of its one page of memory.</summary>
    public static byte[] OutputOutsideMemory { get; } = WithRun("(i64.const 0x0001000000000010)");

    public static byte[] ImportsWasiClock { get; } = WithRun("(i64.const 0)",
        """(import "wasi_snapshot_preview1" "clock_time_get" (func (param i32 i64 i32) (result i32)))""");
}
