using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Tests.Support;

/// <summary>Device frames sealed the way a device seals them (the test holds the device keys; the gateway never does).</summary>
internal static class TestFrames
{
    public const long WindowStartMs = 1_764_000_000_000;

    /// <summary>A 3-channel window summary frame: encoded bytes and the readings it accounts for.</summary>
    public static (byte[] Bytes, long Readings) Summary(byte[] key, string deviceId, uint boot, uint seq, int samplesPerChannel = 60, int offset = 0)
    {
        var samples = Enumerable.Range(0, samplesPerChannel).Select(i => (long)(2200 + ((i + offset) % 17))).ToArray();
        var channels = new[]
        {
            ChannelSummary.FromSamples("temp", "Cel", -2, samples),
            ChannelSummary.FromSamples("hum", "%RH", -1, samples),
            ChannelSummary.FromSamples("press", "hPa", -1, samples),
        };
        var body = WindowSummaryCodec.Encode(new WindowSummary(deviceId, WindowStartMs + (seq * 60_000L), 60_000, channels));
        var frame = DeviceFrameMac.Seal(key, deviceId, boot, seq, FrameType.WindowSummary, body);
        return (DeviceFrameCodec.Encode(frame), 3L * samplesPerChannel);
    }

    /// <summary>A result frame (body contents are irrelevant to the gateway beyond the envelope).</summary>
    public static byte[] Result(byte[] key, string deviceId, uint boot, uint seq)
    {
        var body = TaskResultCodec.Encode(new TaskResult("job-1-t1", 0, "mc.pi", TaskResultStatus.Ok, 10, new MonteCarloPiOutput(7, 10)));
        var frame = DeviceFrameMac.Seal(key, deviceId, boot, seq, FrameType.Result, body, "assignment"u8);
        return DeviceFrameCodec.Encode(frame);
    }

    public static DeviceFrame Decode(byte[] bytes) => DeviceFrameCodec.Decode(bytes).Value;
}
