using EdgeCompute.Gateway.LocalStore;
using EdgeCompute.Wasm.Host;
using EdgeCompute.Wasm.Host.Running;
using Wasmtime;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>
/// Runs one task at a time on the calling thread with the shared <see cref="ModuleRunner"/> (the same run the
/// coordinator re-executes), the gateway's <c>ec.query_windows</c> reading its local store. Every failure becomes a
/// result; nothing a module does escapes as an exception. One executor per worker thread (each owns its linker).
/// </summary>
internal sealed class EdgeTaskExecutor : IDisposable
{
    private readonly ModuleRunner _runner;
    private readonly ILocalWindowReader? _windows;

    public EdgeTaskExecutor(Engine engine, ILocalWindowReader? windows, TimeProvider timeProvider)
    {
        _windows = windows;
        _runner = new ModuleRunner(engine, QueryWindowsFunction.Define, timeProvider);
    }

    public EdgeTaskResult Execute(string taskId, CompiledModule compiled, bool cacheHit, ReadOnlySpan<byte> input, EdgeTaskLimits limits, CancellationToken cancellationToken)
    {
        var run = _runner.Run(compiled, input, limits, new TaskStoreData(_windows), cancellationToken);
        return new EdgeTaskResult(taskId, (EdgeTaskReasonCode)(int)run.Outcome, run.Output, run.Fuel, compiled.Hash, cacheHit, run.Message);
    }

    public void Dispose() => _runner.Dispose();
}
