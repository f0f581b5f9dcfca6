using System.Buffers.Binary;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public class MerkleTreeTests
{
    private static PayoutLine[] Lines(int n) =>
        Enumerable.Range(0, n).Select(i => new PayoutLine($"owner-{i:D6}", (i * 1_000L) + 7)).ToArray();

    [Fact]
    public void Leaf_and_node_hashes_follow_the_documented_encoding()
    {
        // leaf = SHA-256(0x00 || 0x05 "alice" || u64be 1_000_000)
        var leafBytes = new byte[] { 0x00, 5 }.Concat(Encoding.UTF8.GetBytes("alice")).Concat(new byte[8]).ToArray();
        BinaryPrimitives.WriteUInt64BigEndian(leafBytes.AsSpan(7), 1_000_000);
        Assert.Equal(SHA256.HashData(leafBytes), MerkleHashing.Leaf("alice", 1_000_000));

        var left = MerkleHashing.Leaf("a", 1);
        var right = MerkleHashing.Leaf("b", 2);
        Assert.Equal(SHA256.HashData([0x01, .. left, .. right]), MerkleHashing.Node(left, right));
    }

    // Three leaves: the odd last leaf is promoted, root = node(node(L0, L1), L2); one leaf: root = leaf; none: SHA-256("").
    [Fact]
    public void Odd_last_node_is_promoted_not_duplicated()
    {
        var lines = Lines(3);
        var l = lines.Select(x => MerkleHashing.Leaf(x.Owner, x.Amount)).ToArray();

        Assert.Equal(MerkleHashing.Node(MerkleHashing.Node(l[0], l[1]), l[2]), MerkleTree.ComputeRoot(lines).ToArray());
        Assert.Equal(l[0], MerkleTree.ComputeRoot(lines[..1]).ToArray());
        Assert.Equal(SHA256.HashData([]), MerkleTree.ComputeRoot([]).ToArray());
        Assert.NotEqual(MerkleTree.ComputeRoot(lines), MerkleTree.ComputeRoot([.. lines, lines[2] with { Owner = "owner-zzz" }]));
    }

    [Fact]
    public void Proofs_verify_for_every_owner_for_sizes_one_to_fifty()
    {
        for (var n = 1; n <= 50; n++)
        {
            var lines = Lines(n);
            var tree = MerkleTree.Build(lines);
            for (var i = 0; i < n; i++)
            {
                var proof = tree.GetProof(i);
                Assert.True(InclusionProof.Verify(proof, tree.Root.AsSpan(), lines[i].Owner, lines[i].Amount), $"n={n} i={i}");
                Assert.False(proof.Verify(tree.Root.AsSpan(), lines[i].Owner, lines[i].Amount + 1), $"n={n} i={i} amount");
                Assert.False(proof.Verify(tree.Root.AsSpan(), lines[i].Owner + "x", lines[i].Amount), $"n={n} i={i} owner");
                if (n > 1)
                {
                    var other = lines[(i + 1) % n];
                    Assert.False(proof.Verify(tree.Root.AsSpan(), other.Owner, other.Amount), $"n={n} i={i} other line");
                    Assert.False((proof with { LeafIndex = (i + 1) % n }).Verify(tree.Root.AsSpan(), lines[i].Owner, lines[i].Amount), $"n={n} i={i} index");
                    var flipped = proof.Siblings[0].ToArray();
                    flipped[0] ^= 1;
                    Assert.False((proof with { Siblings = proof.Siblings.SetItem(0, [.. flipped]) }).Verify(tree.Root.AsSpan(), lines[i].Owner, lines[i].Amount), $"n={n} i={i} sibling");
                }

                Assert.False((proof with { Siblings = proof.Siblings.Add([.. new byte[32]]) }).Verify(tree.Root.AsSpan(), lines[i].Owner, lines[i].Amount), $"n={n} i={i} extra");
            }
        }
    }

    [Fact]
    public void Proofs_fail_against_another_root_or_with_malformed_parts()
    {
        var lines = Lines(5);
        var tree = MerkleTree.Build(lines);
        var proof = tree.GetProof(2);
        var otherRoot = MerkleTree.ComputeRoot(Lines(6));

        Assert.False(proof.Verify(otherRoot.AsSpan(), lines[2].Owner, lines[2].Amount));
        Assert.False(proof.Verify(tree.Root.AsSpan()[..31], lines[2].Owner, lines[2].Amount));
        // The leaf count only shapes the path: 6 leaves give leaf 2 the same path as 5 do (the leaf is still in
        // that tree); counts that change the shape fail.
        Assert.False((proof with { LeafCount = 9 }).Verify(tree.Root.AsSpan(), lines[2].Owner, lines[2].Amount));
        Assert.False((proof with { LeafCount = 2 }).Verify(tree.Root.AsSpan(), lines[2].Owner, lines[2].Amount));
        Assert.False((proof with { LeafIndex = -1 }).Verify(tree.Root.AsSpan(), lines[2].Owner, lines[2].Amount));
        Assert.False(proof.Verify(tree.Root.AsSpan(), lines[2].Owner, -1));
        Assert.False(proof.Verify(tree.Root.AsSpan(), string.Empty, lines[2].Amount));
        Assert.False((proof with { Siblings = [] }).Verify(tree.Root.AsSpan(), lines[2].Owner, lines[2].Amount));
    }

    [Fact]
    public void Proofs_verify_for_all_of_one_hundred_thousand_owners_quickly()
    {
        var lines = Lines(100_000);
        var watch = Stopwatch.StartNew();
        var tree = MerkleTree.Build(lines);
        var built = watch.Elapsed;
        for (var i = 0; i < lines.Length; i++)
        {
            var proof = tree.GetProof(i);
            Assert.True(proof.Verify(tree.Root.AsSpan(), lines[i].Owner, lines[i].Amount));
        }

        watch.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"100,000 owners: tree {built.TotalMilliseconds:F0} ms, tree + all proofs built and verified {watch.Elapsed.TotalMilliseconds:F0} ms");
        // ⌈log2 100,000⌉ = 17 levels: the first leaf is never promoted, so its path has 17 siblings.
        Assert.True(tree.TryGetProof("owner-000000", out var first));
        Assert.Equal(17, first!.Siblings.Length);
        Assert.False(tree.TryGetProof("nobody", out _));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public void Rejects_lines_out_of_canonical_order_or_with_duplicate_owners()
    {
        Assert.Throws<ArgumentException>(() => MerkleTree.Build([new("b", 1), new("a", 1)]));
        Assert.Throws<ArgumentException>(() => MerkleTree.Build([new("a", 1), new("a", 2)]));
    }

    [Fact]
    public void Canonical_order_is_code_point_order_like_utf8_bytes()
    {
        // U+FF61 (UTF-8 EF BD A1) sorts before U+1F600 (UTF-8 F0 9F 98 80), though UTF-16 ordinal order says otherwise.
        string[] owners = ["\uFF61", "\U0001F600", "a", "B"];
        var sorted = owners.Order(EdgeCompute.Coordinator.Domain.Epochs.OwnerOrder.Instance).ToArray();
        var byUtf8 = owners.OrderBy(o => Convert.ToHexString(Encoding.UTF8.GetBytes(o)), StringComparer.Ordinal).ToArray();

        Assert.Equal(byUtf8, sorted);
        Assert.Equal(["B", "a", "\uFF61", "\U0001F600"], sorted);
    }
}
