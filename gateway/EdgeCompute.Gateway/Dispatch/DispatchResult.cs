using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Gateway.Dispatch;

/// <summary>What became of one coordinator task handed to <see cref="TaskDispatcher.DispatchAsync"/>.</summary>
/// <param name="Event">What happened.</param>
/// <param name="ReturnReason">The reason the task was handed back upstream, or null when it was not.</param>
/// <param name="Detail">Why, for the log (empty when delivered).</param>
public readonly record struct DispatchResult(DispatchEvent Event, TaskReturnReason? ReturnReason = null, string Detail = "")
{
    /// <summary>Gets whether the task went to its device or was accepted by the gateway's runner.</summary>
    public bool IsAccepted => Event is DispatchEvent.Delivered or DispatchEvent.GatewayTaskStarted;

    /// <summary>Gets whether the task was handed back upstream as a task-returned item (batch item kind 5).</summary>
    public bool IsReturned => ReturnReason is not null;
}
