using System.Security.Cryptography;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// Opens a batch on the coordinator, in the order docs/protocol.md ("Gateway batch") requires: decode the envelope
/// (message ≤ 1 MiB), check the gateway id, verify the signature BEFORE decompressing, refuse a raw length above
/// <see cref="ProtocolLimits.MaxBatchRawBytes"/> or above <see cref="ProtocolLimits.MaxExpansionRatio"/> × compressed length,
/// decompress into a buffer of exactly the declared length (a stream producing more or fewer bytes is refused), then decode
/// the body. A decompression bomb is never expanded.
/// </summary>
public static class BatchOpener
{
    /// <summary>Opens a batch message.</summary>
    /// <param name="message">The message as received on <c>ec/v1/g/{gateway}/up</c>.</param>
    /// <param name="gatewayPublicKey">The registered public key of the gateway the topic names.</param>
    /// <param name="expectedGatewayId">The id from the topic; when given, the envelope must carry the same id.</param>
    /// <returns>The opened batch, or why it was refused (<see cref="DecodeErrorCode.BadSignature"/>, <see cref="DecodeErrorCode.LimitExceeded"/>, …).</returns>
    public static DecodeResult<OpenedBatch> Open(ReadOnlyMemory<byte> message, ECDsa gatewayPublicKey, string? expectedGatewayId = null)
    {
        var envelope = GatewayBatchCodec.Decode(message);
        return envelope.IsSuccess
            ? Open(envelope.Value, gatewayPublicKey, expectedGatewayId)
            : DecodeResult<OpenedBatch>.Failure(envelope.Error);
    }

    /// <summary>Opens an already decoded envelope.</summary>
    /// <param name="envelope">The envelope.</param>
    /// <param name="gatewayPublicKey">The registered public key of the gateway.</param>
    /// <param name="expectedGatewayId">The id from the topic; when given, the envelope must carry the same id.</param>
    /// <returns>The opened batch, or why it was refused.</returns>
    public static DecodeResult<OpenedBatch> Open(GatewayBatch envelope, ECDsa gatewayPublicKey, string? expectedGatewayId = null)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(gatewayPublicKey);
        if (expectedGatewayId is not null && envelope.GatewayId != expectedGatewayId)
        {
            return Fail(DecodeErrorCode.IdMismatch, $"gateway batch: envelope names gateway \"{envelope.GatewayId}\", expected \"{expectedGatewayId}\"");
        }

        if (!ProtocolId.IsValid(envelope.GatewayId) || GatewayBatchCodec.Check(envelope.Seq, envelope.Codec, envelope.Signature.Length) is not null)
        {
            return Fail(DecodeErrorCode.InvalidValue, "gateway batch: the envelope breaks the spec (id, seq, codec or signature length)");
        }

        if (!GatewayBatchSignature.Verify(envelope, gatewayPublicKey))
        {
            return Fail(DecodeErrorCode.BadSignature, $"gateway batch {envelope.GatewayId}/{envelope.Boot}/{envelope.Seq}: signature does not verify");
        }

        if (envelope.RawLength > ProtocolLimits.MaxBatchRawBytes)
        {
            return Fail(DecodeErrorCode.LimitExceeded, $"gateway batch: raw length {envelope.RawLength} exceeds {ProtocolLimits.MaxBatchRawBytes}");
        }

        if ((long)envelope.RawLength > (long)ProtocolLimits.MaxExpansionRatio * envelope.Body.Length)
        {
            return Fail(DecodeErrorCode.LimitExceeded, $"gateway batch: raw length {envelope.RawLength} exceeds {ProtocolLimits.MaxExpansionRatio} × {envelope.Body.Length} compressed bytes");
        }

        if (BatchCompression.TryExpand(envelope.Codec, envelope.Body, envelope.RawLength, out var raw) is { } error)
        {
            return DecodeResult<OpenedBatch>.Failure(error);
        }

        var body = GatewayBatchBodyCodec.Decode(raw);
        return body.IsSuccess
            ? DecodeResult<OpenedBatch>.Success(new OpenedBatch(envelope, body.Value, raw))
            : DecodeResult<OpenedBatch>.Failure(body.Error);
    }

    private static DecodeResult<OpenedBatch> Fail(DecodeErrorCode code, string message) => DecodeResult<OpenedBatch>.Failure(code, message);
}
