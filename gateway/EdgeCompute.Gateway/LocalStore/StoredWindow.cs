using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.LocalStore;

/// <summary>One channel of one window summary, as kept in the local store.</summary>
/// <param name="SourceId">The device or gateway that measured it.</param>
/// <param name="WindowStartMs">Window start, ms since the Unix epoch.</param>
/// <param name="WindowLengthMs">Window length in ms.</param>
/// <param name="Summary">The channel's count, min, max, mean, variance, exponent and unit.</param>
public sealed record StoredWindow(string SourceId, long WindowStartMs, long WindowLengthMs, ChannelSummary Summary);
