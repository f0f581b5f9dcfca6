namespace EdgeCompute.Client.Epochs;

/// <summary>The Merkle inclusion proof of an owner's payout line, as the coordinator sends it.</summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="Owner">The owner.</param>
/// <param name="Amount">The line's amount.</param>
/// <param name="Leaf">The leaf hash, hex.</param>
/// <param name="LeafIndex">The leaf's position.</param>
/// <param name="LeafCount">Leaves in the tree.</param>
/// <param name="Siblings">Sibling hashes from the leaf upward, hex.</param>
/// <param name="Root">The Merkle root, hex.</param>
/// <param name="Verified">The coordinator's own check: not evidence (use <see cref="Proofs.PayoutProofVerifier"/>).</param>
public sealed record InclusionProofView(long EpochId, string Owner, long Amount, string Leaf, int LeafIndex, int LeafCount, IReadOnlyList<string> Siblings, string Root,
    bool Verified);
