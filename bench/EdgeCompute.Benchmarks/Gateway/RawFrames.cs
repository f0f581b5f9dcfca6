using EdgeCompute.Benchmarks.Data;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// Raw-sample telemetry frames (frame type 2, delta-encoded) sealed with each device's own key, exactly as a device
/// publishes them: 1 Hz samples of <see cref="TelemetryTrace"/> (temperature, then humidity, then pressure). The noise
/// is seeded per device and frame, so no two frames repeat their noise (which Brotli would otherwise find).
/// </summary>
internal static class RawFrames
{
    public const long StartMs = 1_764_000_000_000;

    private static readonly (string Name, string Unit, Func<int, int, int, int[]> Trace)[] _channels =
    [
        ("temp", "Cel", TelemetryTrace.Temperature),
        ("humidity", "%RH", TelemetryTrace.Humidity),
        ("pressure", "hPa", TelemetryTrace.Pressure),
    ];

    /// <summary>One sealed, encoded frame: seq 1 starts at <see cref="StartMs"/>, each seq covers the next window.</summary>
    public static byte[] Seal(DeviceFile device, int deviceIndex, uint seq, int channels, int samplesPerChannel)
    {
        var startSecond = (int)(seq - 1) * samplesPerChannel;
        var t0 = StartMs + (startSecond * 1000L);
        var list = new RawSampleChannel[channels];
        for (var c = 0; c < channels; c++)
        {
            var (name, unit, trace) = _channels[c];
            var values = trace(samplesPerChannel, (deviceIndex * 1_000_003) + (int)seq + (c * 7919), startSecond);
            list[c] = new RawSampleChannel(name, unit, -2, t0, 1000, Array.ConvertAll(values, v => (long)v));
        }

        var frame = DeviceFrameMac.Seal(device.GetKey(), device.DeviceId, 1, seq, FrameType.RawSamples, RawSamplesCodec.Encode(list));
        return DeviceFrameCodec.Encode(frame);
    }

    /// <summary>A QoS 1 publish of a frame on the device's own <c>tel</c> topic.</summary>
    public static MqttApplicationMessage Message(DeviceFile device, byte[] frame) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(ProtocolTopics.Device(device.DeviceId, DeviceTopicKind.Tel))
            .WithPayload(frame)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
}
