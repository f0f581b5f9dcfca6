using Wasmtime;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>WebAssembly modules for the submit checks, compiled from text: one that follows the gateway ABI, and broken ones.</summary>
internal static class WasmModules
{
    private const string Memory = """(memory (export "memory") 1)""";
    private const string Alloc = """(func (export "alloc") (param i32) (result i32) (i32.const 1024))""";
    private const string Run = """(func (export "run") (param i32 i32) (result i64) (i64.const 0))""";

    /// <summary>Follows the ABI: memory, alloc, run (returns an empty output).</summary>
    public static byte[] Valid { get; } = Of(Memory, Alloc, Run);

    /// <summary>Follows the ABI and traps (<c>unreachable</c>) when the first input byte is 0; otherwise returns an empty output.</summary>
    public static byte[] TrapsOnZero { get; } = Of(Memory, Alloc, """
        (func (export "run") (param $p i32) (param $n i32) (result i64)
          (if (i32.eqz (i32.load8_u (local.get $p))) (then unreachable))
          (i64.const 0))
        """);

    /// <summary>Counts to 5,000 first (burning fuel), then traps when its input's first byte is 0: a module that traps at its end.</summary>
    public static byte[] TrapsOnZeroAtTheEnd { get; } = Of(Memory, Alloc, """
        (func (export "run") (param $p i32) (param $n i32) (result i64) (local $i i32)
          (loop $count
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br_if $count (i32.lt_u (local.get $i) (i32.const 5000))))
          (if (i32.eqz (i32.load8_u (local.get $p))) (then unreachable))
          (i64.const 0))
        """);

    /// <summary>Exports nothing: valid WebAssembly a gateway reports as Malformed.</summary>
    public static byte[] NoExports { get; } = Of();

    /// <summary>Memory and alloc but no run.</summary>
    public static byte[] NoRun { get; } = Of(Memory, Alloc);

    /// <summary>AssemblyScript's default abort import, which the gateway does not provide.</summary>
    public static byte[] ImportsAbort { get; } = Of("""(import "env" "abort" (func (param i32 i32 i32 i32)))""", Memory, Alloc, Run);

    /// <summary>Follows the ABI and carries a data section of <paramref name="dataBytes"/> bytes (a module far past what a 2,048-byte assignment holds).</summary>
    /// <param name="dataBytes">The data section's size, at most 60,000 (it lives in the one page of memory).</param>
    /// <returns>The module.</returns>
    public static byte[] WithData(int dataBytes) => Of(Memory, Alloc, Run, $"(data (i32.const 2048) \"{new string('d', dataBytes)}\")");

    private static byte[] Of(params string[] fields) => Module.ConvertText($"(module {string.Join('\n', fields)})");
}
