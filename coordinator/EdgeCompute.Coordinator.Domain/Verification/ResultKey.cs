namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// What identifies one result: the task, the replica slot and the device that answered. Two results with the
/// same key are the same answer arriving twice; a slot is paid at most once whatever arrives.
/// </summary>
/// <param name="TaskId">The task id.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="DeviceId">The device that sent the result.</param>
public readonly record struct ResultKey(string TaskId, uint Slot, string DeviceId)
{
    /// <inheritdoc/>
    public override string ToString() => $"{TaskId}/{Slot}/{DeviceId}";
}
