using System.Security.Cryptography;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// Seals a batch on the gateway: encodes the body, compresses it with a <see cref="BatchCodec"/>, builds the TBS and signs it
/// with the gateway's ECDSA P-256 key. Encode the result with <see cref="GatewayBatchCodec.Encode"/>.
/// </summary>
public static class BatchSealer
{
    /// <summary>Seals a body.</summary>
    /// <param name="body">The body.</param>
    /// <param name="gatewayId">The gateway id.</param>
    /// <param name="boot">The gateway boot counter.</param>
    /// <param name="seq">The batch seq (from 1 within the boot).</param>
    /// <param name="codec">The codec to use (see <see cref="Seal(ReadOnlySpan{byte}, string, uint, ulong, BatchCodec, ECDsa)"/> for the fallback).</param>
    /// <param name="gatewayKey">The gateway's private key.</param>
    /// <returns>The signed envelope.</returns>
    /// <exception cref="ArgumentException">The body or envelope breaks the spec or a limit.</exception>
    public static GatewayBatch Seal(GatewayBatchBody body, string gatewayId, uint boot, ulong seq, BatchCodec codec, ECDsa gatewayKey) =>
        Seal(GatewayBatchBodyCodec.Encode(body), gatewayId, boot, seq, codec, gatewayKey);

    /// <summary>
    /// Seals an already encoded body. When the compressed body would expand more than <see cref="ProtocolLimits.MaxExpansionRatio"/>
    /// times (so receivers would refuse it), the body is stored with <see cref="BatchCodec.None"/> instead.
    /// </summary>
    /// <param name="rawBody">The encoded body (see <see cref="GatewayBatchBodyCodec.Encode"/>).</param>
    /// <param name="gatewayId">The gateway id.</param>
    /// <param name="boot">The gateway boot counter.</param>
    /// <param name="seq">The batch seq (from 1 within the boot).</param>
    /// <param name="codec">The preferred codec.</param>
    /// <param name="gatewayKey">The gateway's private key.</param>
    /// <returns>The signed envelope.</returns>
    /// <exception cref="ArgumentException">The raw body exceeds <see cref="ProtocolLimits.MaxBatchRawBytes"/>, the message would exceed
    /// <see cref="ProtocolLimits.MaxBatchMessageBytes"/> (split the batch), or an argument breaks the spec.</exception>
    public static GatewayBatch Seal(ReadOnlySpan<byte> rawBody, string gatewayId, uint boot, ulong seq, BatchCodec codec, ECDsa gatewayKey)
    {
        ProtocolId.Validate(gatewayId, "gateway id");
        ArgumentNullException.ThrowIfNull(gatewayKey);
        if (rawBody.Length > ProtocolLimits.MaxBatchRawBytes)
        {
            throw new ArgumentException($"batch body of {rawBody.Length} bytes exceeds {ProtocolLimits.MaxBatchRawBytes}", nameof(rawBody));
        }

        if (GatewayBatchCodec.Check(seq, codec, GatewayBatch.SignatureLength) is { } problem)
        {
            throw new ArgumentException($"gateway batch: {problem}", nameof(seq));
        }

        var compressed = BatchCompression.Compress(codec, rawBody);
        if ((long)rawBody.Length > (long)ProtocolLimits.MaxExpansionRatio * compressed.Length)
        {
            codec = BatchCodec.None;
            compressed = rawBody.ToArray();
        }

        // Envelope overhead is under 150 bytes; check before signing so the caller learns to split the batch.
        if (compressed.Length + 160 > ProtocolLimits.MaxBatchMessageBytes)
        {
            throw new ArgumentException($"batch of {compressed.Length} compressed bytes does not fit in a {ProtocolLimits.MaxBatchMessageBytes}-byte message; split it", nameof(rawBody));
        }

        var rawLength = (uint)rawBody.Length;
        var signature = GatewayBatchSignature.Sign(gatewayKey, gatewayId, boot, seq, codec, rawLength, compressed);
        return new GatewayBatch(gatewayId, boot, seq, codec, rawLength, compressed, signature);
    }
}
