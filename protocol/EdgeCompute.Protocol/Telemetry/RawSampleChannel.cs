namespace EdgeCompute.Protocol.Telemetry;

/// <summary>
/// One channel of a raw-sample frame (frame type 2): every sample of a channel, evenly spaced,
/// as integer mantissas with a decimal exponent. On the wire the values are a first value plus
/// zigzag LEB128 deltas (see <see cref="RawSamplesCodec"/>).
/// </summary>
/// <param name="Channel">Key 1: the channel name, <c>[a-z0-9-]{1,16}</c>.</param>
/// <param name="Unit">Key 2: the SenML unit; may be empty.</param>
/// <param name="Exponent">Key 3: the decimal exponent of the values.</param>
/// <param name="StartMs">Key 4: time of the first sample, ms since the Unix epoch.</param>
/// <param name="IntervalMs">Key 5: ms between samples (≥ 1).</param>
/// <param name="Values">The reconstructed sample mantissas, 1 to 4,096 (key 6 is their count, key 7 the first).</param>
public sealed record RawSampleChannel(string Channel, string Unit, int Exponent, long StartMs, long IntervalMs, IReadOnlyList<long> Values);
