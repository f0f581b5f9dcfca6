using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EdgeCompute.Client.Epochs;

namespace EdgeCompute.Client.Proofs;

/// <summary>
/// Checks an owner's payout on the owner's side, trusting nothing in the coordinator's answers but what the pinned key
/// signed: the statement's signature over its signed bytes (ECDSA P-256/SHA-256, IEEE P1363) with the key pinned at
/// provisioning; the signed Merkle root equal to the statement's and the proof's; and the owner's line hashing up to
/// that root (leaf = SHA-256(0x00 ‖ u8 len ‖ owner UTF-8 ‖ u64be amount), node = SHA-256(0x01 ‖ left ‖ right), an odd
/// last node promoted).
/// </summary>
public static class PayoutProofVerifier
{
    private const int HashSize = 32;

    /// <summary>Checks <paramref name="proof"/> of <paramref name="owner"/> against <paramref name="statement"/>.</summary>
    /// <param name="statement">The epoch's statement as fetched.</param>
    /// <param name="proof">The owner's proof as fetched.</param>
    /// <param name="owner">The owner the check is for.</param>
    /// <param name="pinnedPublicKey">The coordinator's public key (SubjectPublicKeyInfo, base64) from the owner's file.</param>
    /// <returns>The check.</returns>
    public static PayoutProofCheck Verify(EpochStatementView statement, InclusionProofView proof, string owner, string pinnedPublicKey)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(owner);
        PayoutProofCheck Fail(PayoutProofReason reason, string detail) => new(reason, detail, statement.Id, owner, proof.Amount);

        using var key = ImportKey(pinnedPublicKey);
        if (key is null)
        {
            return Fail(PayoutProofReason.BadPinnedKey, "the pinned coordinator key is not an ECDSA P-256 public key (SubjectPublicKeyInfo, base64)");
        }

        if (!TryBase64(statement.SignedBytes, out var signed) || !TryBase64(statement.Signature, out var signature))
        {
            return Fail(PayoutProofReason.Malformed, "the statement's signedBytes or signature is not base64");
        }

        if (!key.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return Fail(PayoutProofReason.SignatureInvalid, $"the statement of epoch {statement.Id} is not signed by the pinned coordinator key");
        }

        if (SignedStatementHeader.TryRead(signed) is not { } header)
        {
            return Fail(PayoutProofReason.Malformed, "the signed bytes are not an EdgeCompute epoch statement (v1)");
        }

        if (header.EpochId != statement.Id || proof.EpochId != statement.Id)
        {
            return Fail(PayoutProofReason.EpochMismatch, $"the signature covers epoch {header.EpochId}; the statement says {statement.Id}, the proof {proof.EpochId}");
        }

        if (!TryHex(statement.MerkleRoot, out var statementRoot) || !TryHex(proof.Root, out var proofRoot))
        {
            return Fail(PayoutProofReason.Malformed, "a Merkle root is not 32 bytes of hex");
        }

        if (!statementRoot.AsSpan().SequenceEqual(header.MerkleRoot) || !proofRoot.AsSpan().SequenceEqual(header.MerkleRoot))
        {
            return Fail(PayoutProofReason.RootMismatch, $"the signed Merkle root is {Convert.ToHexStringLower(header.MerkleRoot)}; the statement says {statement.MerkleRoot}, the proof {proof.Root}");
        }

        if (!string.Equals(proof.Owner, owner, StringComparison.Ordinal) || proof.LeafCount != header.OwnerCount)
        {
            return Fail(PayoutProofReason.ProofMismatch,
                $"the proof is for \"{proof.Owner}\" in a tree of {proof.LeafCount} lines; asked for \"{owner}\" in a statement of {header.OwnerCount} lines");
        }

        var siblings = new List<byte[]>(proof.Siblings.Count);
        foreach (var sibling in proof.Siblings)
        {
            if (!TryHex(sibling, out var hash))
            {
                return Fail(PayoutProofReason.Malformed, "a sibling hash is not 32 bytes of hex");
            }

            siblings.Add(hash);
        }

        return Includes(header.MerkleRoot, owner, proof.Amount, proof.LeafIndex, proof.LeafCount, siblings)
            ? new PayoutProofCheck(PayoutProofReason.Valid, $"epoch {statement.Id}: {owner} was paid {proof.Amount} micro-units (signature and inclusion checked with the pinned key)",
                statement.Id, owner, proof.Amount)
            : Fail(PayoutProofReason.ProofInvalid, $"the line ({owner}, {proof.Amount}) does not hash up to the signed root through the proof");
    }

    /// <summary>Whether the line (<paramref name="owner"/>, <paramref name="amount"/>) at <paramref name="index"/> of <paramref name="count"/> leaves hashes to <paramref name="root"/>.</summary>
    /// <param name="root">The Merkle root.</param>
    /// <param name="owner">The owner.</param>
    /// <param name="amount">The amount.</param>
    /// <param name="index">The leaf index.</param>
    /// <param name="count">The leaf count.</param>
    /// <param name="siblings">The sibling hashes from the leaf upward.</param>
    /// <returns>True when included.</returns>
    public static bool Includes(ReadOnlySpan<byte> root, string owner, long amount, int index, int count, IReadOnlyList<byte[]> siblings)
    {
        ArgumentNullException.ThrowIfNull(siblings);
        if (owner is null || amount < 0 || count <= 0 || index < 0 || index >= count || root.Length != HashSize || Leaf(owner, amount) is not { } current)
        {
            return false;
        }

        var used = 0;
        while (count > 1)
        {
            var promoted = index == count - 1 && count % 2 == 1;
            if (!promoted)
            {
                if (used >= siblings.Count || siblings[used].Length != HashSize)
                {
                    return false;
                }

                var sibling = siblings[used++];
                current = index % 2 == 0 ? Node(current, sibling) : Node(sibling, current);
            }

            index /= 2;
            count = (count + 1) / 2;
        }

        return used == siblings.Count && root.SequenceEqual(current);
    }

    private static byte[]? Leaf(string owner, long amount)
    {
        byte[] name;
        try
        {
            name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(owner);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }

        if (name.Length is 0 or > 255)
        {
            return null;
        }

        var buffer = new byte[2 + name.Length + 8];
        buffer[1] = (byte)name.Length;
        name.CopyTo(buffer, 2);
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(2 + name.Length), (ulong)amount);
        return SHA256.HashData(buffer);
    }

    private static byte[] Node(byte[] left, byte[] right)
    {
        var buffer = new byte[1 + (2 * HashSize)];
        buffer[0] = 0x01;
        left.CopyTo(buffer, 1);
        right.CopyTo(buffer, 1 + HashSize);
        return SHA256.HashData(buffer);
    }

    private static ECDsa? ImportKey(string? spki)
    {
        if (!TryBase64(spki, out var bytes))
        {
            return null;
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(bytes, out _);
            if (key.KeySize == 256)
            {
                return key;
            }
        }
        catch (CryptographicException)
        {
        }

        key.Dispose();
        return null;
    }

    private static bool TryBase64(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        try
        {
            bytes = Convert.FromBase64String(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool TryHex(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is not { Length: HashSize * 2 })
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
