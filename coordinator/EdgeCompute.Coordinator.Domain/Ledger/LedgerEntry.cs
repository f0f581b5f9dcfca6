namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// One booked journal entry: balanced postings plus the chain link. Built by <see cref="LedgerChain.Link"/> when
/// booking, or from stored rows when reading (then <see cref="Hash"/> is whatever was stored, and
/// <see cref="LedgerVerifier"/> decides whether to trust it).
/// </summary>
public sealed class LedgerEntry
{
    /// <summary>Builds an entry from its fields without checking the hash; see <see cref="LedgerChain.Link"/> to book one.</summary>
    /// <param name="sequence">Position in the chain, from 1, without gaps.</param>
    /// <param name="idempotencyKey">Unique key of the booking (see <see cref="LedgerTransfer.IdempotencyKey"/>).</param>
    /// <param name="epochId">The epoch the entry is booked in.</param>
    /// <param name="timestamp">When it was booked; kept as UTC, truncated to whole microseconds (the encoded precision).</param>
    /// <param name="kind">What kind of booking (see <see cref="LedgerEntryKinds"/>).</param>
    /// <param name="memo">Free text; may be empty.</param>
    /// <param name="postings">The legs, in booking order.</param>
    /// <param name="previousHash">Hash of the entry before (<see cref="LedgerHash.Zero"/> for sequence 1).</param>
    /// <param name="hash">This entry's hash: SHA-256(previous hash || <see cref="LedgerEncoding"/> bytes).</param>
    public LedgerEntry(long sequence, string idempotencyKey, long epochId, DateTimeOffset timestamp, string kind, string memo,
        IReadOnlyList<Posting> postings, LedgerHash previousHash, LedgerHash hash)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(memo);
        ArgumentNullException.ThrowIfNull(postings);
        ArgumentNullException.ThrowIfNull(previousHash);
        ArgumentNullException.ThrowIfNull(hash);
        Sequence = sequence;
        IdempotencyKey = idempotencyKey;
        EpochId = epochId;
        Timestamp = LedgerTime.FromUnixMicroseconds(LedgerTime.ToUnixMicroseconds(timestamp));
        Kind = kind;
        Memo = memo;
        Postings = postings.ToArray();
        PreviousHash = previousHash;
        Hash = hash;
    }

    /// <summary>Position in the chain, from 1.</summary>
    public long Sequence { get; }

    /// <summary>Unique key of the booking; a retry with the same key never books again.</summary>
    public string IdempotencyKey { get; }

    /// <summary>The epoch the entry is booked in.</summary>
    public long EpochId { get; }

    /// <summary>When it was booked (UTC, whole microseconds), read from the booking side's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>What kind of booking (see <see cref="LedgerEntryKinds"/>).</summary>
    public string Kind { get; }

    /// <summary>Free text.</summary>
    public string Memo { get; }

    /// <summary>The legs, in booking order; they sum to zero.</summary>
    public IReadOnlyList<Posting> Postings { get; }

    /// <summary>Hash of the entry before.</summary>
    public LedgerHash PreviousHash { get; }

    /// <summary>This entry's hash.</summary>
    public LedgerHash Hash { get; }

    /// <summary>The head of the chain if this is its last entry.</summary>
    public LedgerHead AsHead() => new(Sequence, Hash);

    /// <summary>Whether the other entry books the same thing (kind, epoch, memo and postings; not time or position).</summary>
    /// <param name="transfer">The requested transfer.</param>
    public bool Books(LedgerTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        return transfer.EpochId == EpochId && transfer.Kind == Kind && transfer.Memo == Memo && transfer.Postings.SequenceEqual(Postings);
    }
}
