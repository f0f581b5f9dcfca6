namespace EdgeCompute.Gateway.Dispatch;

/// <summary>Identifies one replica of a task on one device: a result frame matches it by task id and slot.</summary>
/// <param name="TaskId">The task id.</param>
/// <param name="Slot">The replica slot.</param>
internal readonly record struct PendingTaskKey(string TaskId, uint Slot);
