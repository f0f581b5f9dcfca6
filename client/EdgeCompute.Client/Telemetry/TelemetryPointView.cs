namespace EdgeCompute.Client.Telemetry;

/// <summary>One row: a window summary or a raw sample.</summary>
/// <param name="Time">Window start or sample time.</param>
/// <param name="TimeMs">The same, ms since the Unix epoch.</param>
/// <param name="LengthMs">Window length; 0 for a raw sample.</param>
/// <param name="Count">Readings the row accounts for.</param>
/// <param name="Unit">The SenML unit.</param>
/// <param name="Min">Minimum (exact).</param>
/// <param name="Max">Maximum (exact).</param>
/// <param name="Mean">Mean (exact).</param>
/// <param name="Variance">Population variance (exact, unit squared).</param>
public sealed record TelemetryPointView(DateTimeOffset Time, long TimeMs, long LengthMs, long Count, string Unit, decimal Min, decimal Max, decimal Mean, decimal Variance);
