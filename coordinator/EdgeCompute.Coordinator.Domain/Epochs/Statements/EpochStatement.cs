using System.Collections.Immutable;
using EdgeCompute.Coordinator.Domain.Epochs.Metrics;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>
/// The signed record of a closed epoch: who is paid what, the Merkle root over those lines, the ledger chain head
/// at close, totals and inequality metrics, signed by the coordinator key over
/// <see cref="EpochStatementEncoding.ToBeSigned"/>. A closed epoch's statement never changes.
/// </summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="Start">Epoch start (UTC, inclusive).</param>
/// <param name="End">Epoch end (UTC, exclusive).</param>
/// <param name="Emission">Units emitted for the epoch.</param>
/// <param name="Fees">Fees of the jobs verified in the epoch.</param>
/// <param name="Pot">Emission plus fees.</param>
/// <param name="TotalPaid">Sum of <paramref name="Payouts"/>.</param>
/// <param name="Carried">Units sent to <paramref name="CarryAccount"/>; <c>TotalPaid + Carried = Pot</c>.</param>
/// <param name="CarryAccount">The carry account.</param>
/// <param name="Payouts">Owner lines in strictly ascending <see cref="OwnerOrder"/>.</param>
/// <param name="MerkleRoot">Root of <see cref="MerkleTree"/> over <paramref name="Payouts"/>.</param>
/// <param name="LedgerHead">The ledger's chain head when the epoch was closed.</param>
/// <param name="Metrics">Gini, Nakamoto and top-decile share of <paramref name="Payouts"/>.</param>
/// <param name="Signature">ECDSA P-256 / SHA-256 signature, IEEE P1363 (64 bytes), over the to-be-signed encoding.</param>
public sealed record EpochStatement(
    long EpochId,
    DateTimeOffset Start,
    DateTimeOffset End,
    long Emission,
    long Fees,
    long Pot,
    long TotalPaid,
    long Carried,
    string CarryAccount,
    ImmutableArray<PayoutLine> Payouts,
    ImmutableArray<byte> MerkleRoot,
    LedgerChainHead LedgerHead,
    PayoutMetrics Metrics,
    ImmutableArray<byte> Signature)
{
    /// <summary>Builds the Merkle tree over the payouts (to serve inclusion proofs).</summary>
    /// <returns>The tree.</returns>
    public MerkleTree BuildTree() => MerkleTree.Build(Payouts);
}
