using System.Security.Cryptography;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Internal;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// The gateway batch signature (docs/protocol.md, "Gateway batch"): ECDSA P-256 with the gateway key over
/// <c>"EC1B" || str8(gateway id) || u32be(boot) || u64be(seq) || u8(codec) || u32be(raw length) || bytes32(body)</c>.
/// </summary>
public static class GatewayBatchSignature
{
    /// <summary>The TBS domain tag.</summary>
    public const string DomainTag = "EC1B";

    /// <summary>Builds the bytes the signature covers.</summary>
    /// <param name="gatewayId">The gateway id.</param>
    /// <param name="boot">The boot counter.</param>
    /// <param name="seq">The batch seq.</param>
    /// <param name="codec">The codec.</param>
    /// <param name="rawLength">The declared raw length.</param>
    /// <param name="body">The compressed body.</param>
    /// <returns>The TBS.</returns>
    public static byte[] BuildTbs(string gatewayId, uint boot, ulong seq, BatchCodec codec, uint rawLength, ReadOnlySpan<byte> body)
    {
        ProtocolId.Validate(gatewayId, "gateway id");
        return new TbsBuilder(DomainTag, 64 + body.Length)
            .Str8(gatewayId).U32(boot).U64(seq).U8((byte)codec).U32(rawLength).Bytes32(body)
            .ToArray();
    }

    /// <summary>Signs the envelope fields with the gateway's private key.</summary>
    /// <param name="gatewayKey">The gateway's P-256 private key.</param>
    /// <param name="gatewayId">The gateway id.</param>
    /// <param name="boot">The boot counter.</param>
    /// <param name="seq">The batch seq.</param>
    /// <param name="codec">The codec.</param>
    /// <param name="rawLength">The declared raw length.</param>
    /// <param name="body">The compressed body.</param>
    /// <returns>The 64-byte signature.</returns>
    public static byte[] Sign(ECDsa gatewayKey, string gatewayId, uint boot, ulong seq, BatchCodec codec, uint rawLength, ReadOnlySpan<byte> body) =>
        P256Keys.Sign(gatewayKey, BuildTbs(gatewayId, boot, seq, codec, rawLength, body));

    /// <summary>Verifies an envelope's signature.</summary>
    /// <param name="batch">The decoded envelope.</param>
    /// <param name="gatewayPublicKey">The gateway's registered public key.</param>
    /// <returns>Whether the signature is valid.</returns>
    public static bool Verify(GatewayBatch batch, ECDsa gatewayPublicKey)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return ProtocolId.IsValid(batch.GatewayId)
            && P256Keys.Verify(gatewayPublicKey, BuildTbs(batch.GatewayId, batch.Boot, batch.Seq, batch.Codec, batch.RawLength, batch.Body.Span), batch.Signature.Span);
    }
}
