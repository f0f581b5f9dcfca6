using System.Security.Cryptography;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Internal;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Protocol.Coordinator;

/// <summary>
/// The coordinator ack signature (docs/protocol.md, "Coordinator ack"): ECDSA P-256 with the coordinator key over
/// <c>"EC1A" || str8(gateway id) || u32be(boot) || u32be(n stored) || n × u64be(seq) || u32be(n rejected) || n × u64be(seq) || u64be(time)</c>.
/// An ack with a bad signature is dropped and counted; it never deletes anything.
/// </summary>
public static class CoordinatorAckSignature
{
    /// <summary>The TBS domain tag.</summary>
    public const string DomainTag = "EC1A";

    /// <summary>Builds the bytes the signature covers.</summary>
    /// <param name="ack">The ack (its signature is ignored).</param>
    /// <returns>The TBS.</returns>
    /// <exception cref="ArgumentException">The ack breaks the spec.</exception>
    public static byte[] BuildTbs(CoordinatorAck ack)
    {
        ArgumentNullException.ThrowIfNull(ack);
        if (CoordinatorAckCodec.Check(ack) is { } problem)
        {
            throw new ArgumentException($"coordinator ack: {problem}", nameof(ack));
        }

        var tbs = new TbsBuilder(DomainTag, 64 + (8 * (ack.Stored.Count + ack.Rejected.Count)))
            .Str8(ack.GatewayId).U32(ack.Boot).U32((uint)ack.Stored.Count);
        foreach (var seq in ack.Stored)
        {
            tbs.U64(seq);
        }

        tbs.U32((uint)ack.Rejected.Count);
        foreach (var seq in ack.Rejected)
        {
            tbs.U64(seq);
        }

        return tbs.U64((ulong)ack.TimeMs).ToArray();
    }

    /// <summary>Signs an ack with the coordinator's private key.</summary>
    /// <param name="ack">The ack; its current signature is replaced.</param>
    /// <param name="coordinatorKey">The coordinator's P-256 private key.</param>
    /// <returns>The signed ack.</returns>
    public static CoordinatorAck Sign(CoordinatorAck ack, ECDsa coordinatorKey) =>
        ack with { Signature = P256Keys.Sign(coordinatorKey, BuildTbs(ack)) };

    /// <summary>Verifies an ack's signature.</summary>
    /// <param name="ack">The decoded ack.</param>
    /// <param name="coordinatorPublicKey">The coordinator's public key from the gateway file.</param>
    /// <returns>Whether the signature is valid.</returns>
    public static bool Verify(CoordinatorAck ack, ECDsa coordinatorPublicKey)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return CoordinatorAckCodec.Check(ack) is null && P256Keys.Verify(coordinatorPublicKey, BuildTbs(ack), ack.Signature.Span);
    }

    /// <summary>Decodes and verifies an ack received on <c>ec/v1/g/{gateway}/ack</c>.</summary>
    /// <param name="payload">The payload.</param>
    /// <param name="coordinatorPublicKey">The coordinator's public key.</param>
    /// <param name="expectedGatewayId">The receiving gateway's id; when given, the ack must name it.</param>
    /// <returns>The verified ack, or why it was refused (<see cref="DecodeErrorCode.BadSignature"/> for a forged one).</returns>
    public static DecodeResult<CoordinatorAck> Open(ReadOnlyMemory<byte> payload, ECDsa coordinatorPublicKey, string? expectedGatewayId = null)
    {
        ArgumentNullException.ThrowIfNull(coordinatorPublicKey);
        var decoded = CoordinatorAckCodec.Decode(payload);
        if (!decoded.IsSuccess)
        {
            return decoded;
        }

        var ack = decoded.Value;
        return expectedGatewayId is not null && ack.GatewayId != expectedGatewayId
            ? DecodeResult<CoordinatorAck>.Failure(DecodeErrorCode.IdMismatch, $"coordinator ack: names gateway \"{ack.GatewayId}\", expected \"{expectedGatewayId}\"")
            : Verify(ack, coordinatorPublicKey) ? decoded
            : DecodeResult<CoordinatorAck>.Failure(DecodeErrorCode.BadSignature, $"coordinator ack for {ack.GatewayId} boot {ack.Boot}: signature does not verify");
    }
}
