namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// A gateway batch envelope on <c>ec/v1/g/{gateway}/up</c> (docs/protocol.md, "Gateway batch"). Build one with
/// <see cref="BatchSealer"/> and open one with <see cref="BatchOpener"/>.
/// </summary>
/// <param name="GatewayId">Key 1: the gateway id; must equal the topic's id.</param>
/// <param name="Boot">Key 2: the gateway boot counter.</param>
/// <param name="Seq">Key 3: the gateway seq within the boot, from 1.</param>
/// <param name="Codec">Key 4: how <paramref name="Body"/> is compressed.</param>
/// <param name="RawLength">Key 5: the length of the decompressed body.</param>
/// <param name="Body">Key 6: the compressed body.</param>
/// <param name="Signature">Key 7: ECDSA P-256 (IEEE P1363, 64 bytes) with the gateway key over the TBS (see <see cref="GatewayBatchSignature"/>).</param>
public sealed record GatewayBatch(string GatewayId, uint Boot, ulong Seq, BatchCodec Codec, uint RawLength, ReadOnlyMemory<byte> Body, ReadOnlyMemory<byte> Signature)
{
    /// <summary>The length of an IEEE P1363 P-256 signature.</summary>
    public const int SignatureLength = 64;
}
