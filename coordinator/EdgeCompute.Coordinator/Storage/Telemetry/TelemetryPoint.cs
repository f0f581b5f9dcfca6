namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// One stored row of telemetry: a channel's window summary, or one raw sample (count 1, min = max = mean = the value,
/// variance 0). Values are integer mantissas with the channel's decimal exponent (variance uses twice the exponent).
/// </summary>
/// <param name="Source">The device id, or the gateway id for a gateway's own sensors.</param>
/// <param name="Channel">The channel name.</param>
/// <param name="Unit">The SenML unit.</param>
/// <param name="Exponent">The decimal exponent of the values.</param>
/// <param name="TimeMs">Window start (summary) or sample time (raw), ms since the epoch.</param>
/// <param name="LengthMs">Window length, 0 for a raw sample.</param>
/// <param name="Count">Readings this row accounts for.</param>
/// <param name="Min">Minimum.</param>
/// <param name="Max">Maximum.</param>
/// <param name="Mean">Mean.</param>
/// <param name="Variance">Population variance.</param>
public sealed record TelemetryPoint(string Source, string Channel, string Unit, int Exponent, long TimeMs, long LengthMs, long Count, long Min, long Max, long Mean, long Variance);
