using System.Security.Cryptography;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Integration.Tests.Hostile;

/// <summary>
/// Valid messages as an eavesdropper could have captured them: device frames sealed with the real device keys, and gateway
/// batches of such frames sealed with the real gateway key. The hostile streams replay and mutate these.
/// </summary>
internal static class CapturedTraffic
{
    public const long T0 = 1_764_000_000_000;

    /// <summary>A window summary of 1 to 3 channels with random samples; the frame bytes and the readings it accounts for.</summary>
    public static (byte[] Bytes, long Readings) Summary(Random random, DeviceFile device, uint boot, uint seq)
    {
        var channels = new List<ChannelSummary>();
        long readings = 0;
        foreach (var (name, unit) in new[] { ("temp", "Cel"), ("hum", "%RH"), ("press", "hPa") }.Take(random.Next(1, 4)))
        {
            var samples = Enumerable.Range(0, random.Next(1, 61)).Select(_ => (long)random.Next(1000, 3000)).ToArray();
            readings += samples.Length;
            channels.Add(ChannelSummary.FromSamples(name, unit, -2, samples));
        }

        var body = WindowSummaryCodec.Encode(new WindowSummary(device.DeviceId, T0 + (seq * 60_000L), 60_000, channels));
        return (DeviceFrameCodec.Encode(DeviceFrameMac.Seal(device.GetKey(), device.DeviceId, boot, seq, FrameType.WindowSummary, body)), readings);
    }

    /// <summary>A raw-samples frame.</summary>
    public static byte[] Raw(Random random, DeviceFile device, uint boot, uint seq)
    {
        var values = Enumerable.Range(0, random.Next(1, 200)).Select(_ => (long)random.Next(-500, 500)).ToArray();
        var body = RawSamplesCodec.Encode([new RawSampleChannel("press", "hPa", -2, T0 + (seq * 60_000L), 1000, values)]);
        return DeviceFrameCodec.Encode(DeviceFrameMac.Seal(device.GetKey(), device.DeviceId, boot, seq, FrameType.RawSamples, body));
    }

    /// <summary>A result frame for a task that was never issued.</summary>
    public static byte[] Result(Random random, DeviceFile device, uint boot, uint seq)
    {
        var body = TaskResultCodec.Encode(new TaskResult($"job-{random.Next(1000)}-t{random.Next(100)}", 0, "mc.pi", TaskResultStatus.Ok, 10, new MonteCarloPiOutput(7, 10)));
        return DeviceFrameCodec.Encode(DeviceFrameMac.Seal(device.GetKey(), device.DeviceId, boot, seq, FrameType.Result, body, "assignment"u8));
    }

    /// <summary>The frame relabelled as another device (new id, boot and seq; the MAC kept, so it no longer verifies).</summary>
    public static byte[] Relabel(byte[] frameBytes, string deviceId, uint boot, uint seq) =>
        DeviceFrameCodec.Encode(DeviceFrameCodec.Decode(frameBytes).Value with { DeviceId = deviceId, Boot = boot, Seq = seq });

    /// <summary>A gateway batch (Brotli) of device frames, sealed with the gateway key.</summary>
    public static byte[] Batch(GatewayFile gateway, ECDsa key, uint boot, ulong seq, IEnumerable<byte[]> frames) =>
        GatewayBatchCodec.Encode(BatchSealer.Seal(
            new GatewayBatchBody([.. frames.Select(f => (BatchItem)new DeviceFrameItem(f))], null), gateway.GatewayId, boot, seq, BatchCodec.Brotli, key));
}
