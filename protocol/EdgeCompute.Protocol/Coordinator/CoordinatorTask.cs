namespace EdgeCompute.Protocol.Coordinator;

/// <summary>
/// A coordinator task on <c>ec/v1/g/{gateway}/task</c> (docs/protocol.md, "Coordinator task"): assignment bytes for the gateway
/// itself or for one of its devices, signed by the coordinator (see <see cref="CoordinatorTaskSignature"/>).
/// </summary>
/// <param name="GatewayId">Key 1: the gateway.</param>
/// <param name="Target">Key 2: a device id, or empty for the gateway itself.</param>
/// <param name="Assignment">Key 3: the exact task assignment bytes (forwarded unchanged to the device).</param>
/// <param name="IssuedMs">Key 4: when it was issued, ms since the Unix epoch.</param>
/// <param name="Signature">Key 5: ECDSA P-256 (64 bytes) with the coordinator key; empty before signing.</param>
public sealed record CoordinatorTask(string GatewayId, string Target, ReadOnlyMemory<byte> Assignment, long IssuedMs, ReadOnlyMemory<byte> Signature);
