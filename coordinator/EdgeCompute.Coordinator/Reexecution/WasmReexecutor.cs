using EdgeCompute.Wasm.Host;
using EdgeCompute.Wasm.Host.Running;
using Wasmtime;

namespace EdgeCompute.Coordinator.Reexecution;

/// <summary>
/// The coordinator's own run of a WebAssembly task, to settle whether a failure a node reports is the module's fault:
/// the gateways' deterministic engine and the same <see cref="ModuleRunner"/>, under the task's fuel and memory and a
/// wall-clock deadline of its own. A module is compiled once and kept while the next re-execution uses it too. It runs
/// one task at a time (callers take turns) and never under the work lock. There is no local store here:
/// <c>ec.query_windows</c> charges its base fuel and answers "no store", so data-local tasks (<c>sensor-query</c>) are
/// never re-executed.
/// </summary>
public sealed class WasmReexecutor : IDisposable
{
    private static readonly Lazy<WasmReexecutor> LazyShared = new(() => new WasmReexecutor(TimeSpan.FromSeconds(60)), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Engine _engine = DeterministicEngine.Create(concurrentInstances: 1); // one run at a time, under _gate
    private readonly ITimer _epochTicker;
    private readonly ModuleRunner _runner;
    private readonly Lock _gate = new();
    private CompiledModule? _cached;

    /// <summary>Creates a re-executor.</summary>
    /// <param name="deadline">The most wall-clock time one re-execution may take.</param>
    public WasmReexecutor(TimeSpan deadline)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadline, TimeSpan.Zero);
        Deadline = deadline;
        _runner = new ModuleRunner(_engine, DefineImports, TimeProvider.System);
        _epochTicker = TimeProvider.System.CreateTimer(_ => _engine.IncrementEpoch(), null, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
    }

    /// <summary>One re-executor for the process, never disposed.</summary>
    public static WasmReexecutor Shared => LazyShared.Value;

    /// <summary>Gets the most wall-clock time one re-execution may take.</summary>
    public TimeSpan Deadline { get; }

    /// <summary>Runs a module on one input as a gateway would.</summary>
    /// <param name="module">The module's bytes.</param>
    /// <param name="input">The task's input.</param>
    /// <param name="fuel">The task's fuel budget.</param>
    /// <param name="memoryBytes">The task's memory limit.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>How the run ended, or the compile failure's message when the module does not compile here.</returns>
    public (RunResult? Run, string? CompileProblem) Run(byte[] module, ReadOnlySpan<byte> input, ulong fuel, ulong memoryBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(module);
        lock (_gate)
        {
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(module));
            if (_cached?.Hash != hash)
            {
                var compiled = ModuleCompiler.Compile(_engine, module, EdgeTaskLimits.DefaultMaxModuleBytes);
                if (!compiled.IsSuccess)
                {
                    return (null, compiled.Message);
                }

                _cached?.Module.Dispose();
                _cached = compiled.Module;
            }

            var limits = new EdgeTaskLimits(fuel, (long)Math.Min(memoryBytes, (ulong)EdgeTaskLimits.MaxMemoryBytes), Deadline, int.MaxValue, int.MaxValue);
            return (_runner.Run(_cached!, input, limits, null, cancellationToken), null);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _epochTicker.Dispose();
        lock (_gate)
        {
            _cached?.Module.Dispose();
            _runner.Dispose();
        }

        _engine.Dispose();
    }

    private static void DefineImports(Linker linker) =>
        linker.DefineFunction<int, int, long, long, int, int, int>(HostAbi.ImportModule, HostAbi.QueryWindowsImport, (caller, _, _, _, _, _, _) =>
        {
            var available = caller.Fuel;
            caller.Fuel = available > HostAbi.QueryBaseFuel ? available - HostAbi.QueryBaseFuel : 0;
            return HostAbi.QueryNoStore;
        });
}
