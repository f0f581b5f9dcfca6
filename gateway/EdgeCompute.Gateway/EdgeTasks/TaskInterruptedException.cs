namespace EdgeCompute.Gateway.EdgeTasks;

/// <summary>Thrown from the epoch callback to stop a running task at its deadline or on cancellation.</summary>
internal sealed class TaskInterruptedException(EdgeTaskReasonCode reason) : Exception($"the task was stopped: {reason}")
{
    public EdgeTaskReasonCode Reason { get; } = reason;
}
