using System.Security.Cryptography;

namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// The chain rules: the first entry has sequence 1 and previous hash <see cref="LedgerHash.Zero"/>; each next entry has
/// the next sequence number and the previous entry's hash; an entry's hash is SHA-256(previous hash || <see cref="LedgerEncoding"/>).
/// </summary>
public static class LedgerChain
{
    /// <summary>The hash an entry must carry, computed from its content and its previous hash.</summary>
    /// <param name="entry">The entry; its stored <see cref="LedgerEntry.Hash"/> is ignored.</param>
    public static LedgerHash ComputeHash(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ComputeHash(entry.PreviousHash, LedgerEncoding.Encode(entry));
    }

    /// <summary>SHA-256(previous || encoding).</summary>
    /// <param name="previous">Previous entry's hash.</param>
    /// <param name="encoding">Canonical bytes of this entry.</param>
    public static LedgerHash ComputeHash(LedgerHash previous, ReadOnlySpan<byte> encoding)
    {
        ArgumentNullException.ThrowIfNull(previous);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previous.Bytes);
        sha.AppendData(encoding);
        Span<byte> hash = stackalloc byte[LedgerHash.Length];
        sha.GetHashAndReset(hash);
        return LedgerHash.FromBytes(hash);
    }

    /// <summary>Chains a transfer after <paramref name="head"/>: the next sequence number, the head's hash as previous hash, and the computed hash.</summary>
    /// <param name="head">The current head of the chain.</param>
    /// <param name="transfer">The transfer; not validated here (see <see cref="LedgerBook"/>).</param>
    /// <param name="timestamp">Booking time.</param>
    public static LedgerEntry Link(LedgerHead head, LedgerTransfer transfer, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(transfer);
        var sequence = head.Sequence + 1;
        var bytes = LedgerEncoding.Encode(sequence, transfer.IdempotencyKey, transfer.EpochId, timestamp, transfer.Kind, transfer.Memo, transfer.Postings);
        return new LedgerEntry(sequence, transfer.IdempotencyKey, transfer.EpochId, timestamp, transfer.Kind, transfer.Memo,
            transfer.Postings, head.Hash, ComputeHash(head.Hash, bytes));
    }

    /// <summary>Re-chains an entry's content after <paramref name="head"/>, keeping its time (used to rebuild a chain, e.g. in tests of tampering).</summary>
    /// <param name="head">The head to chain after.</param>
    /// <param name="entry">The entry whose content is kept.</param>
    public static LedgerEntry Relink(LedgerHead head, LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return Link(head, new LedgerTransfer(entry.IdempotencyKey, entry.EpochId, entry.Kind, entry.Memo, entry.Postings), entry.Timestamp);
    }
}
