using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using EdgeCompute.Benchmarks.Data;

namespace EdgeCompute.Benchmarks.Compression;

/// <summary>
/// Boundary: compressing and decompressing one realistic gateway batch body in memory, single thread —
/// 500 sealed window-summary frames (≈ 200 KB) or 100 sealed raw-sample frames (3 channels × 60 samples).
/// The size side of the comparison (ratio, bytes per reading) is printed by <c>compression-report</c>.
/// </summary>
[MemoryDiagnoser]
public class CompressionBenchmarks
{
    private byte[] _raw = [];
    private byte[] _compressed = [];

    [Params("summaries", "raw-samples")]
    public string Batch { get; set; } = "summaries";

    [Params("deflate-fastest", "deflate-optimal", "brotli-fastest", "brotli-optimal")]
    public string Codec { get; set; } = "deflate-optimal";

    [GlobalSetup]
    public void Setup()
    {
        _raw = Batch == "summaries" ? RealisticBatch.Summaries(500).Body : RealisticBatch.RawSamples(100).Body;
        _compressed = CodecRunner.Compress(Codec, _raw);
    }

    [Benchmark(Description = "compress")]
    public int Compress() => CodecRunner.Compress(Codec, _raw).Length;

    [Benchmark(Description = "decompress")]
    public int Decompress() => CodecRunner.Decompress(Codec, _compressed, _raw.Length);
}

/// <summary>The codec/level pairs under comparison, all from System.IO.Compression.</summary>
internal static class CodecRunner
{
    public static readonly string[] All = ["deflate-fastest", "deflate-optimal", "deflate-smallest", "brotli-fastest", "brotli-optimal", "brotli-smallest"];

    public static byte[] Compress(string codec, byte[] raw)
    {
        using var output = new MemoryStream();
        using (var stream = Create(codec, output))
        {
            stream.Write(raw);
        }

        return output.ToArray();
    }

    public static int Decompress(string codec, byte[] compressed, int rawLength)
    {
        var buffer = new byte[rawLength];
        using var input = new MemoryStream(compressed);
        using Stream stream = codec.StartsWith("brotli", StringComparison.Ordinal)
            ? new BrotliStream(input, CompressionMode.Decompress)
            : new DeflateStream(input, CompressionMode.Decompress);
        var total = 0;
        int read;
        while ((read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        return total;
    }

    private static Stream Create(string codec, Stream output)
    {
        var level = codec[(codec.IndexOf('-', StringComparison.Ordinal) + 1)..] switch
        {
            "fastest" => CompressionLevel.Fastest,
            "optimal" => CompressionLevel.Optimal,
            "smallest" => CompressionLevel.SmallestSize,
            var other => throw new ArgumentException(other),
        };
        return codec.StartsWith("brotli", StringComparison.Ordinal)
            ? new BrotliStream(output, level, leaveOpen: true)
            : new DeflateStream(output, level, leaveOpen: true);
    }
}
