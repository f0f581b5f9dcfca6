using EdgeCompute.Benchmarks.Data;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// Window-summary telemetry frames (frame type 1, the devices' default) sealed with each device's own key: one window
/// of 1 Hz samples of <see cref="TelemetryTrace"/> per channel, summarised with the protocol's integer arithmetic.
/// These are the frames the bridges republish (raw-sample frames are not posted to them).
/// </summary>
internal static class SummaryFrames
{
    private static readonly (string Name, string Unit, Func<int, int, int, int[]> Trace)[] _channels =
    [
        ("temp", "Cel", TelemetryTrace.Temperature),
        ("humidity", "%RH", TelemetryTrace.Humidity),
        ("pressure", "hPa", TelemetryTrace.Pressure),
    ];

    /// <summary>One sealed, encoded frame: seq 1 is the window at <see cref="RawFrames.StartMs"/>, each seq the next.</summary>
    public static byte[] Seal(DeviceFile device, int deviceIndex, uint seq, int channels, int samplesPerChannel)
    {
        var startSecond = (int)(seq - 1) * samplesPerChannel;
        var list = new ChannelSummary[channels];
        for (var c = 0; c < channels; c++)
        {
            var (name, unit, trace) = _channels[c];
            var values = trace(samplesPerChannel, (deviceIndex * 1_000_003) + (int)seq + (c * 7919), startSecond);
            list[c] = ChannelSummary.FromSamples(name, unit, -2, Array.ConvertAll(values, v => (long)v));
        }

        var window = new WindowSummary(device.DeviceId, RawFrames.StartMs + (startSecond * 1000L), samplesPerChannel * 1000L, list);
        var frame = DeviceFrameMac.Seal(device.GetKey(), device.DeviceId, 1, seq, FrameType.WindowSummary, WindowSummaryCodec.Encode(window));
        return DeviceFrameCodec.Encode(frame);
    }
}
