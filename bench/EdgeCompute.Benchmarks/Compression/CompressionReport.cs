using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using EdgeCompute.Benchmarks.Data;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Benchmarks.Compression;

/// <summary>
/// Prints the size figures for the codec choice: compressed size, ratio, and upstream bytes per reading of
/// the whole signed batch message (envelope, signature, device MACs included), per codec and level, for
/// realistic window-summary and raw-sample batches. Speeds come from the BenchmarkDotNet suite; the MB/s
/// here are a rough Stopwatch cross-check (median of 15 runs).
/// </summary>
internal static class CompressionReport
{
    public static void Print(TextWriter output)
    {
        var inv = CultureInfo.InvariantCulture;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var batches = new (string Name, byte[] Raw, long Readings)[]
        {
            ("500 summary frames", RealisticBatch.Summaries(500).Body, RealisticBatch.Summaries(500).Readings),
            ("100 raw-sample frames (60 s x 3 ch)", RealisticBatch.RawSamples(100).Body, RealisticBatch.RawSamples(100).Readings),
        };

        output.WriteLine("| batch | codec | raw bytes | compressed | ratio | message bytes per reading | compress MB/s | decompress MB/s |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, raw, readings) in batches)
        {
            foreach (var codec in CodecRunner.All)
            {
                var compressed = CodecRunner.Compress(codec, raw);
                var envelope = new GatewayBatch("gw-01", 1, 1, codec.StartsWith("brotli", StringComparison.Ordinal) ? BatchCodec.Brotli : BatchCodec.Deflate,
                    (uint)raw.Length, compressed, new byte[64]);
                var messageBytes = GatewayBatchCodec.Encode(envelope).Length;
                var compressMbs = raw.Length / Median(() => CodecRunner.Compress(codec, raw)) / 1e6;
                var decompressMbs = raw.Length / Median(() => CodecRunner.Decompress(codec, compressed, raw.Length)) / 1e6;
                output.WriteLine(string.Format(inv, "| {0} | {1} | {2:N0} | {3:N0} | {4:F2} | {5:F2} | {6:F0} | {7:F0} |",
                    name, codec, raw.Length, compressed.Length, (double)raw.Length / compressed.Length,
                    (double)messageBytes / readings, compressMbs, decompressMbs));
            }

            var sealedMessage = GatewayBatchCodec.Encode(BatchSealer.Seal(raw, "gw-01", 1, 1, BatchCodec.Deflate, key));
            output.WriteLine(string.Format(inv, "| {0} | none | {1:N0} | – | 1.00 | {2:F2} | – | – |", name, raw.Length, (double)(raw.Length + 100) / readings));
            output.WriteLine(string.Format(inv, "<!-- {0}: {1:N0} readings; BatchSealer (deflate) message {2:N0} bytes -->", name, readings, sealedMessage.Length));
        }
    }

    private static double Median(Action action)
    {
        action();
        var times = new double[15];
        for (var i = 0; i < times.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }

        Array.Sort(times);
        return times[times.Length / 2];
    }
}
