namespace EdgeCompute.Protocol.Batches;

/// <summary>Item kind 5, <c>[5, task id, slot, device id, reason]</c>: a task handed back for reissue.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="DeviceId">The device it was assigned to.</param>
/// <param name="Reason">Why it came back.</param>
public sealed record TaskReturnedItem(string TaskId, uint Slot, string DeviceId, TaskReturnReason Reason) : BatchItem
{
    /// <inheritdoc/>
    public override BatchItemKind Kind => BatchItemKind.TaskReturned;
}
