using EdgeCompute.Coordinator.Domain.Epochs.Quality;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>One device's data quality over one closed epoch, as stored at the epoch's close.</summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="Owner">Its owner (the payout account of its data credit).</param>
/// <param name="Approved">Whether it was approved for data rewards then.</param>
/// <param name="SubmittedReadings">Readings in every window it sent for the epoch.</param>
/// <param name="QualifiedReadings">Readings that passed every check.</param>
/// <param name="Rejections">Readings taken away, per check.</param>
public sealed record DeviceQualityRecord(long EpochId, string DeviceId, string Owner, bool Approved, long SubmittedReadings, long QualifiedReadings,
    QualityRejections Rejections)
{
    /// <summary>Gets the score: the share of its readings that qualified, 0 to 1 (0 when it sent none).</summary>
    public double Score => SubmittedReadings <= 0 ? 0 : (double)QualifiedReadings / SubmittedReadings;

    /// <summary>Gets the checks its data failed (see <see cref="QualityRejections.FailedChecks"/>).</summary>
    public IReadOnlyList<string> FailedChecks => Rejections.FailedChecks;
}
