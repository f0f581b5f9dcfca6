using System.IO.Compression;
using System.Security.Cryptography;
using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Integration.Tests.Hostile;

/// <summary>Decompression bombs in the batch codecs: a few hundred bytes (Brotli) or kilobytes (deflate) that expand to 64 MiB of zeros.</summary>
internal static class Bombs
{
    public const int ExpandedBytes = 64 << 20;

    public static byte[] Compress(BatchCodec codec)
    {
        var zeros = new byte[ExpandedBytes];
        using var output = new MemoryStream();
        using (Stream compressor = codec == BatchCodec.Deflate
            ? new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true)
            : new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            compressor.Write(zeros);
        }

        return output.ToArray();
    }

    /// <summary>An envelope around a bomb, signed with <paramref name="key"/> (the gateway's own, or any key when unsigned by it), declaring <paramref name="rawLength"/>.</summary>
    public static byte[] Envelope(string gatewayId, ulong seq, BatchCodec codec, byte[] body, uint rawLength, ECDsa key) =>
        GatewayBatchCodec.Encode(new GatewayBatch(gatewayId, 1, seq, codec, rawLength, body,
            GatewayBatchSignature.Sign(key, gatewayId, 1, seq, codec, rawLength, body)));
}
