using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Benchmarks.Data;

/// <summary>
/// Gateway batch bodies built the way a gateway builds them: device frames sealed with their device keys
/// (random MACs, which do not compress), carrying seeded, slowly varying temperature/humidity/pressure at 1 Hz.
/// </summary>
internal static class RealisticBatch
{
    public const int Devices = 100;
    public const long StartMs = 1_764_000_000_000;

    /// <summary>A batch of <paramref name="frames"/> window-summary frames (3 channels, 60-s windows).</summary>
    public static (byte[] Body, long Readings, IReadOnlyList<byte[]> Frames, byte[][] Keys) Summaries(int frames, int seed = 1)
    {
        var keys = Keys(seed);
        var list = new List<byte[]>(frames);
        long readings = 0;
        for (var i = 0; i < frames; i++)
        {
            var device = i % Devices;
            var window = i / Devices;
            var start = window * 60;
            var summary = new WindowSummary($"dev-{device:0000}", StartMs + start * 1000L, 60_000,
            [
                ChannelSummary.FromSamples("temp", "Cel", -2, Longs(TelemetryTrace.Temperature(60, seed + device, start))),
                ChannelSummary.FromSamples("humidity", "%RH", -2, Longs(TelemetryTrace.Humidity(60, seed + device, start))),
                ChannelSummary.FromSamples("pressure", "hPa", -2, Longs(TelemetryTrace.Pressure(60, seed + device, start))),
            ]);
            readings += TelemetryReadings.Count(summary);
            var frame = DeviceFrameMac.Seal(keys[device], summary.SourceId, 1, (uint)(window + 1), FrameType.WindowSummary,
                WindowSummaryCodec.Encode(summary));
            list.Add(DeviceFrameCodec.Encode(frame));
        }

        return (Body(list), readings, list, keys);
    }

    /// <summary>A batch of <paramref name="frames"/> raw-sample frames (3 channels × 60 samples at 1 Hz).</summary>
    public static (byte[] Body, long Readings) RawSamples(int frames, int seed = 1)
    {
        var keys = Keys(seed);
        var list = new List<byte[]>(frames);
        long readings = 0;
        for (var i = 0; i < frames; i++)
        {
            var device = i % Devices;
            var window = i / Devices;
            var start = window * 60;
            var t0 = StartMs + start * 1000L;
            IReadOnlyList<RawSampleChannel> channels =
            [
                new RawSampleChannel("temp", "Cel", -2, t0, 1000, Longs(TelemetryTrace.Temperature(60, seed + device, start))),
                new RawSampleChannel("humidity", "%RH", -2, t0, 1000, Longs(TelemetryTrace.Humidity(60, seed + device, start))),
                new RawSampleChannel("pressure", "hPa", -2, t0, 1000, Longs(TelemetryTrace.Pressure(60, seed + device, start))),
            ];
            readings += TelemetryReadings.Count(channels);
            var frame = DeviceFrameMac.Seal(keys[device], $"dev-{device:0000}", 1, (uint)(window + 1), FrameType.RawSamples,
                RawSamplesCodec.Encode(channels));
            list.Add(DeviceFrameCodec.Encode(frame));
        }

        return (Body(list), readings);
    }

    private static byte[] Body(List<byte[]> frames) =>
        GatewayBatchBodyCodec.Encode(new GatewayBatchBody(frames.Select(f => (BatchItem)new DeviceFrameItem(f)).ToList(), null));

    private static byte[][] Keys(int seed)
    {
        var random = new Random(seed);
        var keys = new byte[Devices][];
        for (var d = 0; d < Devices; d++)
        {
            keys[d] = new byte[32];
            random.NextBytes(keys[d]);
        }

        return keys;
    }

    private static long[] Longs(int[] values) => Array.ConvertAll(values, v => (long)v);
}
