using EdgeCompute.Protocol.Coordinator;

namespace EdgeCompute.Gateway.Dispatch;

/// <summary>
/// Runs coordinator tasks addressed to the gateway itself (empty <see cref="CoordinatorTask.Target"/>: WebAssembly
/// edge tasks). The runner owns the task once it accepts it, result included; a refused task is handed back upstream by
/// the <see cref="TaskDispatcher"/> with reason 3 (refused).
/// </summary>
public interface IGatewayTaskRunner
{
    /// <summary>Takes a gateway task if the runner can run it; returns quickly (the run itself goes on in the background).</summary>
    /// <param name="task">The verified coordinator task, assignment bytes unchanged.</param>
    /// <param name="cancellationToken">Cancels the hand-over.</param>
    /// <returns>True when the runner accepted the task; false when it refuses it.</returns>
    Task<bool> TryStartAsync(CoordinatorTask task, CancellationToken cancellationToken = default);
}
