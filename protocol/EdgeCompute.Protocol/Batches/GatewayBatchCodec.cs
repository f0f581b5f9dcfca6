using System.Formats.Cbor;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;

namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// Encodes and decodes the <see cref="GatewayBatch"/> envelope (keys 1 to 7). Decoding checks structure and sizes only;
/// <see cref="BatchOpener"/> verifies, decompresses and decodes the body.
/// </summary>
public static class GatewayBatchCodec
{
    private const string What = "gateway batch";

    /// <summary>Encodes an envelope.</summary>
    /// <param name="batch">The sealed batch.</param>
    /// <returns>The message, at most <see cref="ProtocolLimits.MaxBatchMessageBytes"/>.</returns>
    /// <exception cref="ArgumentException">The envelope breaks the spec or the message is too large.</exception>
    public static byte[] Encode(GatewayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ProtocolId.Validate(batch.GatewayId, "gateway id");
        if (Check(batch.Seq, batch.Codec, batch.Signature.Length) is { } problem)
        {
            throw new ArgumentException($"{What}: {problem}", nameof(batch));
        }

        var writer = CborOutput.Create();
        writer.WriteStartMap(7);
        writer.WriteInt32(1);
        writer.WriteTextString(batch.GatewayId);
        writer.WriteInt32(2);
        writer.WriteUInt32(batch.Boot);
        writer.WriteInt32(3);
        writer.WriteUInt64(batch.Seq);
        writer.WriteInt32(4);
        writer.WriteInt32((int)batch.Codec);
        writer.WriteInt32(5);
        writer.WriteUInt32(batch.RawLength);
        writer.WriteInt32(6);
        writer.WriteByteString(batch.Body.Span);
        writer.WriteInt32(7);
        writer.WriteByteString(batch.Signature.Span);
        writer.WriteEndMap();
        var bytes = writer.Encode();
        return bytes.Length <= ProtocolLimits.MaxBatchMessageBytes
            ? bytes
            : throw new ArgumentException($"{What}: {bytes.Length} bytes exceeds {ProtocolLimits.MaxBatchMessageBytes}", nameof(batch));
    }

    /// <summary>Decodes an envelope (no signature check, no decompression).</summary>
    /// <param name="message">The message as received.</param>
    /// <returns>The envelope, or why it was refused.</returns>
    public static DecodeResult<GatewayBatch> Decode(ReadOnlyMemory<byte> message) =>
        CborDecoding.Run(message, ProtocolLimits.MaxBatchMessageBytes, What, Read);

    internal static string? Check(ulong seq, BatchCodec codec, int signatureLength) =>
        seq == 0 ? "seq starts at 1"
        : codec is < BatchCodec.None or > BatchCodec.Brotli ? $"codec {(int)codec} is not 0 (none), 1 (deflate) or 2 (brotli)"
        : signatureLength != GatewayBatch.SignatureLength ? $"signature must be {GatewayBatch.SignatureLength} bytes, found {signatureLength}"
        : null;

    private static GatewayBatch Read(CborReader reader)
    {
        var keys = new MapKeys(reader, What);
        var gatewayId = "";
        uint boot = 0, rawLength = 0;
        ulong seq = 0, codec = 0;
        byte[] body = [], signature = [];
        while (keys.Next(reader, out var key))
        {
            switch (key)
            {
                case 1: gatewayId = reader.ReadId("gateway id (key 1)"); break;
                case 2: boot = reader.ReadUInt32("boot (key 2)"); break;
                case 3: seq = reader.ReadUInt("seq (key 3)"); break;
                case 4: codec = reader.ReadUInt("codec (key 4)"); break;
                case 5: rawLength = reader.ReadUInt32("raw length (key 5)"); break;
                case 6: body = reader.ReadBytes("body (key 6)", ProtocolLimits.MaxBatchMessageBytes); break;
                case 7: signature = reader.ReadBytes("signature (key 7)", GatewayBatch.SignatureLength); break;
                default: throw keys.Unexpected((ulong)key);
            }
        }

        keys.Require(1, "gateway id");
        keys.Require(2, "boot");
        keys.Require(3, "seq");
        keys.Require(4, "codec");
        keys.Require(5, "raw length");
        keys.Require(6, "body");
        keys.Require(7, "signature");
        var batchCodec = codec <= 2 ? (BatchCodec)codec : (BatchCodec)(-1);
        return Check(seq, batchCodec, signature.Length) is { } problem
            ? throw CborFields.Invalid(What, problem)
            : new GatewayBatch(gatewayId, boot, seq, batchCodec, rawLength, body, signature);
    }
}
