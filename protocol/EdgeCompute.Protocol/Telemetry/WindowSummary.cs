namespace EdgeCompute.Protocol.Telemetry;

/// <summary>
/// A window summary (frame type 1, or batch item kind 2 for a gateway's own sensors): per channel count,
/// min, max, mean and variance over one window. On the wire it is a SenML pack (see <see cref="WindowSummaryCodec"/>).
/// </summary>
/// <param name="SourceId">The device (or gateway) id; the pack's base name is <c>"{SourceId}/"</c>.</param>
/// <param name="WindowStartMs">Window start, ms since the Unix epoch (SenML base time).</param>
/// <param name="WindowLengthMs">Window length in ms (each record's SenML time, so it stamps the window's end).</param>
/// <param name="Channels">The channels in the order the source reports them; at least one, at most 51 (256 records).</param>
public sealed record WindowSummary(string SourceId, long WindowStartMs, long WindowLengthMs, IReadOnlyList<ChannelSummary> Channels);
