using Wasmtime;

namespace EdgeCompute.Wasm.Host.Tests;

/// <summary>Modules compiled from text: one that follows the host ABI, and variants that break one rule each.</summary>
internal static class WatModules
{
    public const string Memory = """(memory (export "memory") 1)""";
    public const string Alloc = """(func (export "alloc") (param i32) (result i32) (i32.const 1024))""";
    public const string Run = """(func (export "run") (param i32 i32) (result i64) (i64.const 0))""";

    public static byte[] Of(params string[] fields) => Module.ConvertText($"(module {string.Join('\n', fields)})");

    public static byte[] Valid { get; } = Of(Memory, Alloc, Run);
}
