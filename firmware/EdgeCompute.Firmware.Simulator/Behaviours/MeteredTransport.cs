using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Firmware.Simulator.Behaviours;

/// <summary>Counts what the broker accepted, by topic; telemetry frames are decoded to count their readings.</summary>
internal sealed class MeteredTransport : IDeviceTransport
{
    private readonly IDeviceTransport _inner;
    private readonly DeviceTopics _topics;

    public MeteredTransport(IDeviceTransport inner, DeviceTopics topics)
    {
        _inner = inner;
        _topics = topics;
    }

    public long TelemetryFrames { get; private set; }

    public long ReadingsPublished { get; private set; }

    public long Results { get; private set; }

    public long Births { get; private set; }

    public long Refused { get; private set; }

    public bool IsConnected => _inner.IsConnected;

    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (!_inner.Publish(topic, payload, offset, count, retain))
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
                var readings = TelemetryReadings.Count(frame.Value.Type, frame.Value.Body);
                ReadingsPublished += readings.IsSuccess ? readings.Value : 0;
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
}
