using EdgeCompute.Coordinator.Domain.Epochs.Rewards;

namespace EdgeCompute.Coordinator.Domain.Epochs.Quality;

/// <summary>One device's verdict over an epoch: how many of its readings qualify for data rewards and why the rest do not.</summary>
/// <param name="Device">The device id.</param>
/// <param name="Owner">The owner's payout account.</param>
/// <param name="Approved">Whether the device is approved for data rewards.</param>
/// <param name="SubmittedReadings">Readings in every window received (duplicates included).</param>
/// <param name="QualifiedReadings">Readings that passed every check: <c>SubmittedReadings − Rejections.Total</c>.</param>
/// <param name="Rejections">Readings taken away, per check.</param>
public sealed record DeviceDataQuality(string Device, string Owner, bool Approved, long SubmittedReadings, long QualifiedReadings, QualityRejections Rejections)
{
    /// <summary>The data credit this verdict earns.</summary>
    /// <param name="verifiedAt">When the check counts as committed: a time inside the epoch the windows belong to.</param>
    /// <returns>The credit.</returns>
    public DataCredit ToDataCredit(DateTimeOffset verifiedAt) => new(Owner, Device, QualifiedReadings, Approved, verifiedAt);
}
