using System.Collections.Immutable;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>
/// The Merkle tree over a statement's (owner, amount) lines in <see cref="OwnerOrder"/>. Hashes are
/// <see cref="MerkleHashing"/>'s; levels are paired left to right and an odd last node is promoted unchanged to the
/// next level (never duplicated, so no two different leaf lists share a root).
/// </summary>
public sealed class MerkleTree
{
    private readonly byte[][][] _levels;
    private readonly Dictionary<string, int> _indexByOwner;

    private MerkleTree(byte[][][] levels, Dictionary<string, int> indexByOwner, ImmutableArray<byte> root)
    {
        _levels = levels;
        _indexByOwner = indexByOwner;
        Root = root;
    }

    /// <summary>The root hash (32 bytes).</summary>
    public ImmutableArray<byte> Root { get; }

    /// <summary>Number of leaves.</summary>
    public int LeafCount => _levels[0].Length;

    /// <summary>Builds the tree.</summary>
    /// <param name="lines">Lines in strictly ascending <see cref="OwnerOrder"/> (owners unique).</param>
    /// <returns>The tree.</returns>
    /// <exception cref="ArgumentException">Lines out of order, a duplicate owner, a bad owner id or a negative amount.</exception>
    public static MerkleTree Build(IReadOnlyList<PayoutLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var leaves = new byte[lines.Count][];
        var index = new Dictionary<string, int>(lines.Count, StringComparer.Ordinal);
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0 && OwnerOrder.Instance.Compare(lines[i - 1].Owner, lines[i].Owner) >= 0)
            {
                throw new ArgumentException($"lines must be in strictly ascending owner order; '{lines[i].Owner}' at {i} is not after '{lines[i - 1].Owner}'", nameof(lines));
            }

            leaves[i] = MerkleHashing.Leaf(lines[i].Owner, lines[i].Amount);
            index[lines[i].Owner] = i;
        }

        var levels = new List<byte[][]> { leaves };
        while (levels[^1].Length > 1)
        {
            var below = levels[^1];
            var above = new byte[(below.Length + 1) / 2][];
            for (var i = 0; i < above.Length; i++)
            {
                var left = 2 * i;
                above[i] = left + 1 < below.Length ? MerkleHashing.Node(below[left], below[left + 1]) : below[left];
            }

            levels.Add(above);
        }

        var root = leaves.Length == 0 ? MerkleHashing.EmptyRoot() : levels[^1][0];
        return new MerkleTree([.. levels], index, [.. root]);
    }

    /// <summary>The proof for the leaf at <paramref name="leafIndex"/>.</summary>
    /// <param name="leafIndex">0-based position in the statement's lines.</param>
    /// <returns>The proof: sibling hashes from the leaf up, skipping levels where the node is promoted.</returns>
    public InclusionProof GetProof(int leafIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(leafIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(leafIndex, LeafCount);
        var siblings = ImmutableArray.CreateBuilder<ImmutableArray<byte>>();
        var index = leafIndex;
        for (var level = 0; level < _levels.Length - 1; level++)
        {
            var nodes = _levels[level];
            var sibling = index ^ 1;
            if (sibling < nodes.Length)
            {
                siblings.Add([.. nodes[sibling]]);
            }

            index /= 2;
        }

        return new InclusionProof(leafIndex, LeafCount, siblings.ToImmutable());
    }

    /// <summary>The proof for <paramref name="owner"/>'s line, if the statement has one.</summary>
    /// <param name="owner">The owner id.</param>
    /// <param name="proof">The proof, or null.</param>
    /// <returns>True when the owner is in the tree.</returns>
    public bool TryGetProof(string owner, out InclusionProof? proof)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (_indexByOwner.TryGetValue(owner, out var index))
        {
            proof = GetProof(index);
            return true;
        }

        proof = null;
        return false;
    }

    /// <summary>The root over <paramref name="lines"/> without keeping the tree.</summary>
    /// <param name="lines">Lines in strictly ascending owner order.</param>
    /// <returns>The 32-byte root.</returns>
    public static ImmutableArray<byte> ComputeRoot(IReadOnlyList<PayoutLine> lines) => Build(lines).Root;
}
