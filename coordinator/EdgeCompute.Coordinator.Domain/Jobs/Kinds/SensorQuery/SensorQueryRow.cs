namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.SensorQuery;

/// <summary>One gateway's answer to a sensor query (the 32-byte sum-windows output).</summary>
/// <param name="GatewayId">The gateway.</param>
/// <param name="Windows">Windows found (if above 4,096 only the first 4,096 were summed).</param>
/// <param name="Readings">Σ count over the windows summed.</param>
/// <param name="MeanMantissa">Σ(mean · count) / Σ count, rounded half away from zero; 0 with no readings.</param>
/// <param name="Exponent">The decimal exponent of the mean.</param>
public sealed record SensorQueryRow(string GatewayId, long Windows, long Readings, long MeanMantissa, int Exponent);
