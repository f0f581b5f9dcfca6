using System.Collections.Immutable;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>
/// Proof that (owner, amount) is the leaf at <see cref="LeafIndex"/> of a <see cref="MerkleTree"/> of
/// <see cref="LeafCount"/> leaves. Verifying needs only the proof, the root and the claimed line: from the leaf hash,
/// at each level with <c>n</c> nodes the node at index <c>i</c> is promoted when it is the odd last one
/// (<c>i = n − 1</c>, <c>n</c> odd), otherwise it is combined with the next sibling — on the left when <c>i</c> is
/// odd — then <c>i ← i/2</c>, <c>n ← ⌈n/2⌉</c>, until <c>n = 1</c>; every sibling must be used.
/// </summary>
/// <param name="LeafIndex">Position of the leaf.</param>
/// <param name="LeafCount">Number of leaves in the tree.</param>
/// <param name="Siblings">Sibling hashes from the leaf level upward (promoted levels have none).</param>
public sealed record InclusionProof(int LeafIndex, int LeafCount, ImmutableArray<ImmutableArray<byte>> Siblings)
{
    /// <summary>Checks this proof for (owner, amount) against <paramref name="root"/>.</summary>
    /// <param name="root">The statement's Merkle root.</param>
    /// <param name="owner">The claimed owner.</param>
    /// <param name="amount">The claimed amount.</param>
    /// <returns>True when the line is in the tree with that root.</returns>
    public bool Verify(ReadOnlySpan<byte> root, string owner, long amount) => Verify(this, root, owner, amount);

    /// <summary>Checks <paramref name="proof"/> for (owner, amount) against <paramref name="root"/>; needs nothing else.</summary>
    /// <param name="proof">The proof.</param>
    /// <param name="root">The statement's Merkle root.</param>
    /// <param name="owner">The claimed owner.</param>
    /// <param name="amount">The claimed amount.</param>
    /// <returns>True when the line is in the tree with that root; false for any malformed input.</returns>
    public static bool Verify(InclusionProof proof, ReadOnlySpan<byte> root, string owner, long amount)
    {
        if (proof is null || owner is null || proof.Siblings.IsDefault || root.Length != MerkleHashing.HashSize || amount < 0
            || proof.LeafCount <= 0 || proof.LeafIndex < 0 || proof.LeafIndex >= proof.LeafCount)
        {
            return false;
        }

        byte[] current;
        try
        {
            current = MerkleHashing.Leaf(owner, amount);
        }
        catch (ArgumentException)
        {
            return false;
        }

        var index = proof.LeafIndex;
        var count = proof.LeafCount;
        var used = 0;
        while (count > 1)
        {
            var promoted = index == count - 1 && count % 2 == 1;
            if (!promoted)
            {
                if (used >= proof.Siblings.Length || proof.Siblings[used].IsDefault || proof.Siblings[used].Length != MerkleHashing.HashSize)
                {
                    return false;
                }

                var sibling = proof.Siblings[used++].AsSpan();
                current = index % 2 == 0 ? MerkleHashing.Node(current, sibling) : MerkleHashing.Node(sibling, current);
            }

            index /= 2;
            count = (count + 1) / 2;
        }

        return used == proof.Siblings.Length && root.SequenceEqual(current);
    }
}
