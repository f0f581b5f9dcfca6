namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>A quorum evaluation of one task's replicas.</summary>
/// <param name="State">Reached, pending, impossible or in conflict.</param>
/// <param name="Outcomes">One outcome per submitted result, in submission order.</param>
/// <param name="AgreedResult">The canonical bytes (<see cref="CanonicalResult"/>) the quorum agreed on; empty unless reached.</param>
/// <param name="AdditionalReplicasNeeded">How many more replicas to issue (0 when reached or still pending).</param>
public sealed record QuorumDecision(
    QuorumState State,
    IReadOnlyList<VerificationOutcome> Outcomes,
    ReadOnlyMemory<byte> AgreedResult,
    int AdditionalReplicasNeeded);
