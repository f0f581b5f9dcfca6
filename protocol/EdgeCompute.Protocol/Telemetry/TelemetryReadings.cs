using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Frames;

namespace EdgeCompute.Protocol.Telemetry;

/// <summary>
/// Counts readings as the spec defines them (docs/protocol.md, "Conventions"): a reading is one raw sample of one
/// channel; a window-summary channel accounts for its <c>count</c> readings, a raw-sample channel for its samples.
/// Every count of readings sent, stored or lost uses this.
/// </summary>
public static class TelemetryReadings
{
    /// <summary>The readings a window summary accounts for: the sum of its channels' counts.</summary>
    /// <param name="summary">The summary.</param>
    /// <returns>The number of readings.</returns>
    public static long Count(WindowSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.Channels.Sum(c => c.Count);
    }

    /// <summary>The readings raw-sample channels account for: the sum of their sample counts.</summary>
    /// <param name="channels">The channels.</param>
    /// <returns>The number of readings.</returns>
    public static long Count(IEnumerable<RawSampleChannel> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        return channels.Sum(c => (long)c.Values.Count);
    }

    /// <summary>The readings a frame body accounts for: 0 for results and births, otherwise decoded by type.</summary>
    /// <param name="type">The frame type.</param>
    /// <param name="body">The frame body.</param>
    /// <returns>The count, or why the body could not be decoded.</returns>
    public static DecodeResult<long> Count(FrameType type, ReadOnlyMemory<byte> body) => type switch
    {
        FrameType.WindowSummary => Map(WindowSummaryCodec.Decode(body), Count),
        FrameType.RawSamples => Map(RawSamplesCodec.Decode(body), Count),
        FrameType.Result or FrameType.Birth => DecodeResult<long>.Success(0),
        _ => DecodeResult<long>.Failure(DecodeErrorCode.InvalidValue, $"frame type {(int)type} is not 1, 2, 3 or 4"),
    };

    private static DecodeResult<long> Map<T>(DecodeResult<T> decoded, Func<T, long> count) =>
        decoded.IsSuccess ? DecodeResult<long>.Success(count(decoded.Value)) : DecodeResult<long>.Failure(decoded.Error);
}
