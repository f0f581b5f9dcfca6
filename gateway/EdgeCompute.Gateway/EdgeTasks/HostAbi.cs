using Wasmtime;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>The host ABI of edge-task modules (docs/wasm-abi.md): exports, the one import, and the window record layout.</summary>
public static class HostAbi
{
    /// <summary>The exported linear memory.</summary>
    public const string MemoryExport = "memory";

    /// <summary>The exported allocator: <c>alloc(len: i32) -> i32</c>, a pointer to <c>len</c> writable bytes.</summary>
    public const string AllocExport = "alloc";

    /// <summary>The exported entry point: <c>run(in_ptr: i32, in_len: i32) -> i64</c>, returning <c>(out_ptr &lt;&lt; 32) | out_len</c>.</summary>
    public const string RunExport = "run";

    /// <summary>The import module name of host functions.</summary>
    public const string ImportModule = "ec";

    /// <summary>
    /// <c>ec.query_windows(channel_ptr: i32, channel_len: i32, from_ms: i64, to_ms: i64, out_ptr: i32, out_cap: i32) -> i32</c>:
    /// the number of matching windows (at most <see cref="MaxQueryWindows"/>), of which the first <c>out_cap / 56</c> are written;
    /// or <see cref="QueryBadArguments"/> or <see cref="QueryNoStore"/>.
    /// </summary>
    public const string QueryWindowsImport = "query_windows";

    /// <summary>The bytes of one window record written by <c>ec.query_windows</c>.</summary>
    public const int WindowRecordBytes = 56;

    /// <summary>The most windows one query reports.</summary>
    public const int MaxQueryWindows = 4096;

    /// <summary>Fuel charged for each <c>ec.query_windows</c> call.</summary>
    public const ulong QueryBaseFuel = 1_000;

    /// <summary>Fuel charged per matching window of a query.</summary>
    public const ulong QueryFuelPerWindow = 100;

    /// <summary>Returned by <c>ec.query_windows</c> for a buffer outside memory, a negative length or a channel name outside <c>[a-z0-9-]{1,16}</c>.</summary>
    public const int QueryBadArguments = -1;

    /// <summary>Returned by <c>ec.query_windows</c> when the gateway runs without a local store.</summary>
    public const int QueryNoStore = -3;

    internal static readonly ValueKind[] AllocParameters = [ValueKind.Int32];
    internal static readonly ValueKind[] AllocResults = [ValueKind.Int32];
    internal static readonly ValueKind[] RunParameters = [ValueKind.Int32, ValueKind.Int32];
    internal static readonly ValueKind[] RunResults = [ValueKind.Int64];
    internal static readonly ValueKind[] QueryParameters =
        [ValueKind.Int32, ValueKind.Int32, ValueKind.Int64, ValueKind.Int64, ValueKind.Int32, ValueKind.Int32];

    internal static readonly ValueKind[] QueryResults = [ValueKind.Int32];

    /// <summary>Checks that a compiled module follows the ABI; returns the problem or null.</summary>
    internal static string? Check(Module module)
    {
        foreach (var import in module.Imports)
        {
            var allowed = import is FunctionImport function
                && import.ModuleName == ImportModule
                && import.Name == QueryWindowsImport
                && function.Parameters.SequenceEqual(QueryParameters)
                && function.Results.SequenceEqual(QueryResults);
            if (!allowed)
            {
                return $"the module imports {import.ModuleName}.{import.Name}; the host provides only "
                    + "ec.query_windows(i32, i32, i64, i64, i32, i32) -> i32 (no WASI, clocks or randomness)";
            }
        }

        var memory = module.Exports.OfType<MemoryExport>().FirstOrDefault(e => e.Name == MemoryExport);
        if (memory is null || memory.Is64Bit)
        {
            return "the module must export a 32-bit linear memory named \"memory\"";
        }

        if (!HasFunction(module, AllocExport, AllocParameters, AllocResults))
        {
            return "the module must export alloc(i32) -> i32";
        }

        return HasFunction(module, RunExport, RunParameters, RunResults) ? null : "the module must export run(i32, i32) -> i64";
    }

    /// <summary>The bytes of the module's initial memory.</summary>
    internal static long InitialMemoryBytes(Module module) =>
        module.Exports.OfType<MemoryExport>().Where(e => e.Name == MemoryExport).Select(e => e.Minimum * EdgeTaskLimits.WasmPageSize).FirstOrDefault();

    private static bool HasFunction(Module module, string name, ValueKind[] parameters, ValueKind[] results) =>
        module.Exports.OfType<FunctionExport>().Any(e => e.Name == name && e.Parameters.SequenceEqual(parameters) && e.Results.SequenceEqual(results));
}
