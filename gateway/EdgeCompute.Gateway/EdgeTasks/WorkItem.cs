using EdgeCompute.Wasm.Host;

namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>A queued task and the completion its caller awaits.</summary>
internal sealed class WorkItem(EdgeTaskRequest request, EdgeTaskLimits limits, CancellationToken cancellationToken)
{
    public EdgeTaskRequest Request { get; } = request;

    public EdgeTaskLimits Limits { get; } = limits;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public TaskCompletionSource<EdgeTaskResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
