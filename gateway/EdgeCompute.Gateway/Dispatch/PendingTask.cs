namespace EdgeCompute.Gateway.Dispatch;

/// <summary>A task sent to a device and waiting for its result; the timer fires at the assignment's deadline.</summary>
/// <param name="Key">Task id and slot.</param>
/// <param name="DeviceId">The device it was sent to.</param>
/// <param name="Deadline">The assignment's deadline.</param>
internal sealed record PendingTask(PendingTaskKey Key, string DeviceId, DateTimeOffset Deadline)
{
    public ITimer? Timer { get; set; }
}
