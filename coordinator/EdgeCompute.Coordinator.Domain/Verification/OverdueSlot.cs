namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>A slot whose device missed its deadline: reissue it to a device not in <see cref="ExcludedDevices"/>.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The slot.</param>
/// <param name="DeviceId">The device that missed the deadline.</param>
/// <param name="Deadline">The deadline it missed.</param>
/// <param name="ExcludedDevices">Every device that holds or held a slot of this task (replicas go to different devices).</param>
public sealed record OverdueSlot(string TaskId, uint Slot, string DeviceId, DateTimeOffset Deadline, IReadOnlySet<string> ExcludedDevices)
{
    /// <summary>The first candidate a reissue may go to: scheduling passes them best first (reputation, capacity).</summary>
    /// <param name="candidates">Eligible devices, best first.</param>
    /// <returns>The device, or null when every candidate already holds or held a slot of this task.</returns>
    public string? ChooseDevice(IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        return candidates.FirstOrDefault(c => !ExcludedDevices.Contains(c));
    }
}
