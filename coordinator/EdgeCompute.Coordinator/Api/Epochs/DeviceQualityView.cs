using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>One device's data quality over a closed epoch.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="Approved">Whether it was approved for data rewards.</param>
/// <param name="Score">The share of its readings that qualified, 0 to 1.</param>
/// <param name="SubmittedReadings">Readings it sent for the epoch.</param>
/// <param name="QualifiedReadings">Readings that passed every check.</param>
/// <param name="FailedChecks">The checks its data failed: <c>range</c>, <c>stuck</c>, <c>jump</c>, <c>gap</c>, <c>neighbour</c>.</param>
/// <param name="Rejections">Readings taken away, per check.</param>
public sealed record DeviceQualityView(string DeviceId, string Owner, bool Approved, double Score, long SubmittedReadings, long QualifiedReadings,
    IReadOnlyList<string> FailedChecks, QualityRejectionsView Rejections)
{
    /// <summary>Builds the view.</summary>
    /// <param name="record">The stored verdict.</param>
    /// <returns>The view.</returns>
    public static DeviceQualityView Of(DeviceQualityRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.DeviceId, record.Owner, record.Approved, record.Score, record.SubmittedReadings, record.QualifiedReadings, record.FailedChecks,
            QualityRejectionsView.Of(record.Rejections));
    }
}
