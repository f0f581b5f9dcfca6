using EdgeCompute.Protocol.Decoding;

namespace EdgeCompute.Protocol.Coordinator;

/// <summary>
/// A coordinator ack on <c>ec/v1/g/{gateway}/ack</c> (docs/protocol.md, "Coordinator ack"), published only after the batches it
/// names are durably committed. The gateway deletes a batch from its outbox only when a validly signed ack lists it in
/// <see cref="Stored"/> (see <see cref="CoordinatorAckSignature"/>).
/// </summary>
/// <param name="GatewayId">Key 1: the gateway.</param>
/// <param name="Boot">Key 2: the gateway boot the seqs belong to.</param>
/// <param name="Stored">Key 3: seqs stored now or earlier (duplicates included), at most <see cref="ProtocolLimits.MaxAckSeqs"/>.</param>
/// <param name="Rejected">Key 4: seqs refused for good (conflicting content), at most <see cref="ProtocolLimits.MaxAckSeqs"/>.</param>
/// <param name="TimeMs">Key 5: the coordinator's time, ms since the Unix epoch.</param>
/// <param name="Signature">Key 6: ECDSA P-256 (64 bytes) with the coordinator key; empty before signing.</param>
public sealed record CoordinatorAck(string GatewayId, uint Boot, IReadOnlyList<ulong> Stored, IReadOnlyList<ulong> Rejected, long TimeMs, ReadOnlyMemory<byte> Signature);
