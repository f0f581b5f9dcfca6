namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;

/// <summary>
/// A sensor query's result: one row per gateway and the readings-weighted mean over all of them,
/// Σ(mean_g · readings_g) / Σ readings_g rounded half away from zero. Each gateway's mean is already rounded, so the
/// overall mean can differ from the mean of every reading by at most half a unit of the last digit.
/// </summary>
/// <param name="Rows">One row per gateway, in task order.</param>
/// <param name="TotalReadings">Σ readings.</param>
/// <param name="MeanMantissa">The weighted mean; 0 with no readings.</param>
/// <param name="Exponent">The decimal exponent shared by the rows with readings; 0 when there are none.</param>
public sealed record SensorQueryJobResult(IReadOnlyList<SensorQueryRow> Rows, long TotalReadings, long MeanMantissa, int Exponent) : JobResult
{
    /// <inheritdoc/>
    public override string Kind => SensorQueryJobKind.KindName;
}
