using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>
/// The Merkle inclusion proof of one owner's payout line (see <see cref="InclusionProof"/> for how to check it): from
/// <see cref="Leaf"/> = SHA-256(0x00 ‖ u8 len ‖ owner ‖ u64be amount), combine with each sibling (node = SHA-256(0x01 ‖
/// left ‖ right), promoting an odd last node) up to <see cref="Root"/>, which must equal the statement's Merkle root.
/// </summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="Owner">The owner.</param>
/// <param name="Amount">The amount of the owner's line.</param>
/// <param name="Leaf">The leaf hash, lower-case hex.</param>
/// <param name="LeafIndex">The leaf's position.</param>
/// <param name="LeafCount">Leaves in the tree.</param>
/// <param name="Siblings">Sibling hashes from the leaf upward, lower-case hex.</param>
/// <param name="Root">The statement's Merkle root, lower-case hex.</param>
/// <param name="Verified">Whether the coordinator checked the proof against the root before answering (always true).</param>
public sealed record InclusionProofView(long EpochId, string Owner, long Amount, string Leaf, int LeafIndex, int LeafCount, IReadOnlyList<string> Siblings, string Root,
    bool Verified)
{
    /// <summary>Rebuilds the domain proof from this view (what a client does to check it).</summary>
    /// <returns>The proof.</returns>
    public InclusionProof ToProof() => new(LeafIndex, LeafCount, [.. Siblings.Select(s => System.Collections.Immutable.ImmutableArray.Create(Convert.FromHexString(s)))]);
}
