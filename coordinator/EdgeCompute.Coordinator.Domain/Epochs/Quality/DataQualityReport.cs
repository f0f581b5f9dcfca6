namespace EdgeCompute.Coordinator.Domain.Epochs.Quality;

/// <summary>The data quality verdict of one epoch.</summary>
/// <param name="Devices">One verdict per device that sent windows, ordered by device id (ordinal).</param>
public sealed record DataQualityReport(IReadOnlyList<DeviceDataQuality> Devices)
{
    /// <summary>Qualified readings over every device.</summary>
    public long QualifiedReadings => Devices.Sum(d => d.QualifiedReadings);

    /// <summary>Rejections over every device.</summary>
    public QualityRejections Rejections => Devices.Aggregate(QualityRejections.None, (sum, d) => sum.Plus(d.Rejections));
}
