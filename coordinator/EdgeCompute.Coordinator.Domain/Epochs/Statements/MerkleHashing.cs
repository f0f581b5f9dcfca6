using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>
/// The statement tree's hashes. Domain-separated so a leaf can never be read as a node (second-preimage safe):
/// <list type="bullet">
/// <item><description>leaf = SHA-256(0x00 ‖ u8 len ‖ owner UTF-8 ‖ u64be amount)</description></item>
/// <item><description>node = SHA-256(0x01 ‖ left ‖ right)</description></item>
/// <item><description>empty tree root = SHA-256(empty string)</description></item>
/// </list>
/// </summary>
public static class MerkleHashing
{
    /// <summary>Hash length in bytes.</summary>
    public const int HashSize = 32;

    /// <summary>Hashes one (owner, amount) leaf.</summary>
    /// <param name="owner">The owner id (1..255 UTF-8 bytes).</param>
    /// <param name="amount">The amount; not negative.</param>
    /// <returns>The 32-byte leaf hash.</returns>
    public static byte[] Leaf(string owner, long amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var ownerBytes = OwnerIdEncoding.Encode(owner);
        Span<byte> buffer = stackalloc byte[2 + OwnerIdEncoding.MaxBytes + 8];
        buffer[0] = 0x00;
        buffer[1] = (byte)ownerBytes.Length;
        ownerBytes.CopyTo(buffer[2..]);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(2 + ownerBytes.Length)..], (ulong)amount);
        return SHA256.HashData(buffer[..(10 + ownerBytes.Length)]);
    }

    /// <summary>Hashes an inner node.</summary>
    /// <param name="left">Left child hash (32 bytes).</param>
    /// <param name="right">Right child hash (32 bytes).</param>
    /// <returns>The 32-byte node hash.</returns>
    public static byte[] Node(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException($"child hashes are {HashSize} bytes, found {left.Length} and {right.Length}");
        }

        Span<byte> buffer = stackalloc byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The root of a tree without leaves: SHA-256 of the empty string.</summary>
    /// <returns>The 32-byte hash.</returns>
    public static byte[] EmptyRoot() => SHA256.HashData([]);
}
