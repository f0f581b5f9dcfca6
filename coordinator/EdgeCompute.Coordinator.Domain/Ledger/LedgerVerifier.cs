namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// Rechecks a ledger from its first entry, one entry at a time (so a store can stream pages into it): contiguous
/// sequence numbers, chain links, hashes, balanced postings, unique idempotency keys, no account that may not go
/// negative below zero after any entry, conservation, and every published head (e.g. from signed epoch statements)
/// matching the entry at its sequence. Stops at the first broken rule. Pure: no I/O.
/// </summary>
public sealed class LedgerVerifier
{
    private readonly Dictionary<long, LedgerHash> _published = [];
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<AccountId, long> _balances = [];
    private LedgerHead _head = LedgerHead.Genesis;
    private long _checked;
    private LedgerVerification? _failure;

    /// <summary>Starts a verification.</summary>
    /// <param name="publishedHeads">Heads published earlier (e.g. in signed epoch statements) that the chain must still contain.</param>
    public LedgerVerifier(IEnumerable<LedgerHead>? publishedHeads = null)
    {
        foreach (var head in publishedHeads ?? [])
        {
            if (head.Sequence > 0) _published[head.Sequence] = head.Hash;
        }
    }

    /// <summary>Whether a rule has been broken already (further entries are ignored).</summary>
    public bool HasFailed => _failure is not null;

    /// <summary>Rechecks a whole ledger.</summary>
    /// <param name="entries">All entries from sequence 1, in order.</param>
    /// <param name="publishedHeads">Heads the chain must still contain.</param>
    public static LedgerVerification Verify(IEnumerable<LedgerEntry> entries, IEnumerable<LedgerHead>? publishedHeads = null)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var verifier = new LedgerVerifier(publishedHeads);
        foreach (var entry in entries)
        {
            if (!verifier.Add(entry)) break;
        }
        return verifier.Complete();
    }

    /// <summary>Checks the next entry.</summary>
    /// <param name="entry">The entry after the last one added.</param>
    /// <returns>Whether every rule still holds.</returns>
    public bool Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_failure is not null) return false;
        _checked++;
        var code = Check(entry, out var detail);
        if (code == LedgerVerificationCode.Valid)
        {
            _head = entry.AsHead();
            return true;
        }
        _failure = Result(code, entry.Sequence, detail);
        return false;
    }

    /// <summary>The verdict over the entries added: the first failure, or the end-of-ledger checks (conservation, published heads not reached).</summary>
    public LedgerVerification Complete()
    {
        if (_failure is not null) return _failure;
        var totals = Totals(out var sum);
        if (totals is null || sum != 0 || !totals.IsConserved)
            return Result(LedgerVerificationCode.ConservationBroken, _head.Sequence, $"balances sum to {sum}, not 0, or emitted units are not all held by owners, escrow and fees");
        var beyond = _published.Keys.Where(s => s > _head.Sequence).Order().ToList();
        if (beyond.Count > 0)
            return Result(LedgerVerificationCode.PublishedHeadMissing, beyond[0], $"a head was published at sequence {beyond[0]} but the ledger ends at {_head.Sequence}");
        return new LedgerVerification(LedgerVerificationCode.Valid, null, "", _checked, _head, totals);
    }

    private LedgerVerificationCode Check(LedgerEntry entry, out string detail)
    {
        if (entry.Sequence != _head.Sequence + 1)
        {
            detail = $"expected sequence {_head.Sequence + 1}, found {entry.Sequence}";
            return LedgerVerificationCode.SequenceGap;
        }
        if (!entry.PreviousHash.Equals(_head.Hash))
        {
            detail = $"entry {entry.Sequence} links to {entry.PreviousHash}, the entry before has {_head.Hash}";
            return LedgerVerificationCode.BrokenLink;
        }
        var computed = LedgerChain.ComputeHash(entry);
        if (!entry.Hash.Equals(computed))
        {
            detail = $"entry {entry.Sequence} stores hash {entry.Hash}, its content hashes to {computed}";
            return LedgerVerificationCode.HashMismatch;
        }
        if (_published.TryGetValue(entry.Sequence, out var published) && !published.Equals(entry.Hash))
        {
            detail = $"head published at sequence {entry.Sequence} is {published}, the chain has {entry.Hash}";
            return LedgerVerificationCode.PublishedHeadMismatch;
        }
        if (entry.Postings.Any(p => p.Account.Value is null))
        {
            detail = $"entry {entry.Sequence} posts to an unknown account";
            return LedgerVerificationCode.UnknownAccount;
        }
        var shape = LedgerRules.CheckPostings(entry.Postings);
        if (shape != LedgerReasonCode.Booked)
        {
            detail = $"entry {entry.Sequence} is not a valid double entry ({shape})";
            return LedgerVerificationCode.Unbalanced;
        }
        if (!_keys.Add(entry.IdempotencyKey))
        {
            detail = $"entry {entry.Sequence} repeats idempotency key '{entry.IdempotencyKey}'";
            return LedgerVerificationCode.DuplicateIdempotencyKey;
        }
        return Apply(entry, out detail);
    }

    private LedgerVerificationCode Apply(LedgerEntry entry, out string detail)
    {
        foreach (var posting in entry.Postings)
        {
            long balance;
            try { balance = checked(_balances.GetValueOrDefault(posting.Account) + posting.Amount); }
            catch (OverflowException)
            {
                detail = $"entry {entry.Sequence} overflows the balance of {posting.Account}";
                return LedgerVerificationCode.ConservationBroken;
            }
            _balances[posting.Account] = balance;
            if (balance < 0 && !posting.Account.MayGoNegative)
            {
                detail = $"entry {entry.Sequence} leaves {posting.Account} at {balance}";
                return LedgerVerificationCode.Overdrawn;
            }
        }
        detail = "";
        return LedgerVerificationCode.Valid;
    }

    private LedgerTotals? Totals(out long sum)
    {
        long emitted = 0, owners = 0, escrow = 0, fees = 0;
        sum = 0;
        try
        {
            foreach (var (account, balance) in _balances)
            {
                sum = checked(sum + balance);
                switch (account.Kind)
                {
                    case AccountKind.Emission: emitted = checked(emitted - balance); break;
                    case AccountKind.Owner: owners = checked(owners + balance); break;
                    case AccountKind.Escrow: escrow = checked(escrow + balance); break;
                    default: fees = checked(fees + balance); break;
                }
            }
            return new LedgerTotals(emitted, owners, escrow, fees);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private LedgerVerification Result(LedgerVerificationCode code, long sequence, string detail) =>
        new(code, sequence, detail, _checked, _head, Totals(out _) ?? new LedgerTotals(0, 0, 0, 0));
}
