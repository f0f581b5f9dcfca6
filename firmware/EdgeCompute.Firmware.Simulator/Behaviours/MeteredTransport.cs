using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Firmware.Simulator.Reporting;
using EdgeCompute.Firmware.Simulator.Transport;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Firmware.Simulator.Behaviours;

/// <summary>
/// Counts what the broker accepted, by topic; telemetry frames are decoded to count their readings, and with a
/// <see cref="FrameAckLog"/> each one is logged with its window's end and the time of its PUBACK.
/// </summary>
internal sealed class MeteredTransport : IAsyncDeviceTransport
{
    private readonly IAsyncDeviceTransport _inner;
    private readonly DeviceTopics _topics;
    private readonly FrameAckLog? _acks;
    private readonly TimeProvider _time;
    private readonly Func<uint, uint, long?>? _sealedAt;

    /// <param name="inner">The link (or the next behaviour).</param>
    /// <param name="topics">The device's topics.</param>
    /// <param name="acks">Logs each acknowledged telemetry frame; none when null.</param>
    /// <param name="time">The clock of the log's PUBACK times.</param>
    /// <param name="sealedAt">When the frame of a boot and seq was sealed, if known (for the log).</param>
    public MeteredTransport(
        IAsyncDeviceTransport inner, DeviceTopics topics, FrameAckLog? acks = null, TimeProvider? time = null, Func<uint, uint, long?>? sealedAt = null)
    {
        _inner = inner;
        _topics = topics;
        _acks = acks;
        _time = time ?? TimeProvider.System;
        _sealedAt = sealedAt;
    }

    /// <summary>Gets whether acknowledged frames are logged.</summary>
    public bool LogsFrames => _acks is not null;

    public long TelemetryFrames { get; private set; }

    public long ReadingsPublished { get; private set; }

    public long Results { get; private set; }

    public long Births { get; private set; }

    public long Refused { get; private set; }

    public bool IsConnected => _inner.IsConnected;

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain) =>
        Count(_inner.Publish(topic, payload, offset, count, retain), topic, payload, offset, count);

    public async Task<bool> PublishAsync(string topic, byte[] payload, int offset, int count, bool retain) =>
        Count(await _inner.PublishAsync(topic, payload, offset, count, retain).ConfigureAwait(false), topic, payload, offset, count);

    private bool Count(bool accepted, string topic, byte[] payload, int offset, int count)
    {
        if (!accepted)
        {
            Refused++;
            return false;
        }

        if (ReferenceEquals(topic, _topics.Telemetry) || topic == _topics.Telemetry)
        {
            TelemetryFrames++;
            var frame = DeviceFrameCodec.Decode(new ReadOnlyMemory<byte>(payload, offset, count));
            if (frame.IsSuccess)
            {
                var (readings, windowEnd) = ReadingsAndWindowEnd(frame.Value);
                ReadingsPublished += readings;
                if (_acks is not null && windowEnd is { } end)
                {
                    var sealedAt = _sealedAt?.Invoke(frame.Value.Boot, frame.Value.Seq);
                    _acks.Record(frame.Value.DeviceId, frame.Value.Boot, frame.Value.Seq, end, sealedAt, _time.GetUtcNow().ToUnixTimeMilliseconds());
                }
            }
        }
        else if (topic == _topics.Result)
        {
            Results++;
        }
        else if (topic == _topics.Birth)
        {
            Births++;
        }

        return true;
    }

    // One decode of the body gives both its readings and its window's end (for the log).
    private static (long Readings, long? WindowEnd) ReadingsAndWindowEnd(DeviceFrame frame)
    {
        switch (frame.Type)
        {
            case FrameType.WindowSummary:
                var summary = WindowSummaryCodec.Decode(frame.Body);
                return summary.IsSuccess
                    ? (TelemetryReadings.Count(summary.Value), summary.Value.WindowStartMs + summary.Value.WindowLengthMs)
                    : (0, null);
            case FrameType.RawSamples:
                var raw = RawSamplesCodec.Decode(frame.Body);
                return raw.IsSuccess
                    ? (TelemetryReadings.Count(raw.Value), raw.Value.Count > 0 ? raw.Value.Max(c => c.StartMs + (c.Values.Count * c.IntervalMs)) : null)
                    : (0, null);
            default:
                var other = TelemetryReadings.Count(frame.Type, frame.Body);
                return (other.IsSuccess ? other.Value : 0, null);
        }
    }
}
