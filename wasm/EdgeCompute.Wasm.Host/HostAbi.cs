using Wasmtime;

namespace EdgeCompute.Wasm.Host;

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

    /// <summary>The one import the host provides, as people read it.</summary>
    public const string QueryWindowsSignature = "ec.query_windows(i32, i32, i64, i64, i32, i32) -> i32";

    private static readonly ValueKind[] AllocParameters = [ValueKind.Int32];
    private static readonly ValueKind[] AllocResults = [ValueKind.Int32];
    private static readonly ValueKind[] RunParameters = [ValueKind.Int32, ValueKind.Int32];
    private static readonly ValueKind[] RunResults = [ValueKind.Int64];
    private static readonly ValueKind[] QueryParameters =
        [ValueKind.Int32, ValueKind.Int32, ValueKind.Int64, ValueKind.Int64, ValueKind.Int32, ValueKind.Int32];

    private static readonly ValueKind[] QueryResults = [ValueKind.Int32];

    /// <summary>
    /// Checks that a compiled module follows the ABI: it imports nothing but <see cref="QueryWindowsSignature"/>, and exports
    /// a 32-bit <c>memory</c>, <c>alloc(i32) -&gt; i32</c> and <c>run(i32, i32) -&gt; i64</c>.
    /// </summary>
    /// <param name="module">The compiled module.</param>
    /// <returns>The first problem found, as one line naming the import or export, or null when the module follows the ABI.</returns>
    public static string? Check(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var import in module.Imports)
        {
            var name = $"{import.ModuleName}.{import.Name}";
            if (import.ModuleName != ImportModule || import.Name != QueryWindowsImport)
            {
                return $"the module imports {name}, which the gateway ABI does not provide (it provides only {QueryWindowsSignature}: no WASI, clocks or randomness)";
            }

            var matches = import is FunctionImport function
                && function.Parameters.SequenceEqual(QueryParameters)
                && function.Results.SequenceEqual(QueryResults);
            if (!matches)
            {
                return $"the module imports {name} with another type than the gateway ABI's {QueryWindowsSignature}";
            }
        }

        var memory = module.Exports.OfType<MemoryExport>().FirstOrDefault(e => e.Name == MemoryExport);
        if (memory is null)
        {
            return $"the module exports no linear memory named `{MemoryExport}`";
        }

        if (memory.Is64Bit)
        {
            return $"the module's `{MemoryExport}` is a 64-bit memory; the gateway ABI needs a 32-bit one";
        }

        return FunctionProblem(module, AllocExport, "alloc(i32) -> i32", AllocParameters, AllocResults)
            ?? FunctionProblem(module, RunExport, "run(i32, i32) -> i64", RunParameters, RunResults);
    }

    /// <summary>The bytes of the module's initial memory (the exported memory's minimum), 0 when it exports none.</summary>
    /// <param name="module">The compiled module.</param>
    /// <returns>The bytes.</returns>
    public static long InitialMemoryBytes(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.Exports.OfType<MemoryExport>().Where(e => e.Name == MemoryExport).Select(e => e.Minimum * EdgeTaskLimits.WasmPageSize).FirstOrDefault();
    }

    private static string? FunctionProblem(Module module, string name, string signature, ValueKind[] parameters, ValueKind[] results)
    {
        var function = module.Exports.OfType<FunctionExport>().FirstOrDefault(e => e.Name == name);
        return function is null ? $"the module exports no `{name}` function (the gateway ABI needs {signature})"
            : !function.Parameters.SequenceEqual(parameters) || !function.Results.SequenceEqual(results)
                ? $"the module exports `{name}` with another type than the gateway ABI's {signature}"
            : null;
    }
}
