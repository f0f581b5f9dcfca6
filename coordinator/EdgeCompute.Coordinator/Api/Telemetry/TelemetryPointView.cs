using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Api.Telemetry;

/// <summary>One stored telemetry row: a window summary, or a raw sample (count 1, length 0, min = max = mean, variance 0).</summary>
/// <param name="Time">Window start or sample time.</param>
/// <param name="TimeMs">The same, ms since the Unix epoch (what <c>after</c> takes).</param>
/// <param name="LengthMs">Window length; 0 for a raw sample.</param>
/// <param name="Count">Readings the row accounts for.</param>
/// <param name="Unit">The SenML unit.</param>
/// <param name="Min">Minimum, exact decimal.</param>
/// <param name="Max">Maximum, exact decimal.</param>
/// <param name="Mean">Mean, exact decimal.</param>
/// <param name="Variance">Population variance, exact decimal (in the unit squared).</param>
public sealed record TelemetryPointView(DateTimeOffset Time, long TimeMs, long LengthMs, long Count, string Unit, ScaledValue Min, ScaledValue Max, ScaledValue Mean,
    ScaledValue Variance)
{
    /// <summary>Builds the view of a stored row.</summary>
    /// <param name="point">The row.</param>
    /// <returns>The view.</returns>
    public static TelemetryPointView Of(TelemetryPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return new TelemetryPointView(DateTimeOffset.FromUnixTimeMilliseconds(point.TimeMs), point.TimeMs, point.LengthMs, point.Count, point.Unit,
            new ScaledValue(point.Min, point.Exponent), new ScaledValue(point.Max, point.Exponent), new ScaledValue(point.Mean, point.Exponent),
            new ScaledValue(point.Variance, 2 * point.Exponent));
    }
}
