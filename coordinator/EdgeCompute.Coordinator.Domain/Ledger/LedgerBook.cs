namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>
/// Turns requested transfers into chained entries on top of a known head and known balances. Pure: the store gives it,
/// inside its writer lock, the head, the balances of the accounts involved and the entries already booked under the
/// requested keys, then writes <see cref="Pending"/> and applies <see cref="BalanceChanges"/> in the same transaction.
/// </summary>
public sealed class LedgerBook
{
    private readonly Dictionary<AccountId, long> _balances;
    private readonly Dictionary<AccountId, long> _changes = [];
    private readonly Dictionary<string, LedgerEntry> _byKey;
    private readonly List<LedgerEntry> _pending = [];
    private readonly TimeProvider _timeProvider;

    /// <summary>Starts booking after <paramref name="head"/>.</summary>
    /// <param name="head">The current head of the chain.</param>
    /// <param name="balances">Current balances of (at least) every account the transfers touch; a missing account is 0.</param>
    /// <param name="existing">Entries already booked, by idempotency key (at least those of the requested keys).</param>
    /// <param name="timeProvider">Clock for entry timestamps.</param>
    public LedgerBook(LedgerHead head, IReadOnlyDictionary<AccountId, long> balances, IReadOnlyDictionary<string, LedgerEntry> existing,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(balances);
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Head = head;
        _balances = new Dictionary<AccountId, long>(balances);
        _byKey = new Dictionary<string, LedgerEntry>(existing, StringComparer.Ordinal);
        _timeProvider = timeProvider;
    }

    /// <summary>The head after the entries booked so far.</summary>
    public LedgerHead Head { get; private set; }

    /// <summary>Entries booked by this book, in chain order, not yet stored.</summary>
    public IReadOnlyList<LedgerEntry> Pending => _pending;

    /// <summary>Net change per account over <see cref="Pending"/>.</summary>
    public IReadOnlyDictionary<AccountId, long> BalanceChanges => _changes;

    /// <summary>Current balance of an account, including <see cref="Pending"/>.</summary>
    /// <param name="account">The account.</param>
    public long BalanceOf(AccountId account) => _balances.GetValueOrDefault(account);

    /// <summary>
    /// Books one transfer, or says why not: a key booked before (or earlier in this book) returns that entry and books
    /// nothing; malformed, unbalanced and overdrawing transfers are refused.
    /// </summary>
    /// <param name="transfer">The requested transfer.</param>
    public LedgerBookingOutcome Book(LedgerTransfer transfer)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (!LedgerRules.HasValidText(transfer) || transfer.Postings is null)
            return Refuse(transfer, LedgerReasonCode.InvalidText);
        if (_byKey.TryGetValue(transfer.IdempotencyKey, out var existing))
        {
            return existing.Books(transfer)
                ? new LedgerBookingOutcome(transfer.IdempotencyKey, LedgerReasonCode.AlreadyBooked, existing)
                : Refuse(transfer, LedgerReasonCode.IdempotencyKeyConflict);
        }
        var shape = LedgerRules.CheckPostings(transfer.Postings);
        if (shape != LedgerReasonCode.Booked) return Refuse(transfer, shape);

        var after = new Dictionary<AccountId, long>(transfer.Postings.Count);
        foreach (var posting in transfer.Postings)
        {
            long balance;
            try { balance = checked(BalanceOf(posting.Account) + posting.Amount); }
            catch (OverflowException) { return Refuse(transfer, LedgerReasonCode.AmountOverflow); }
            if (balance < 0 && !posting.Account.MayGoNegative) return Refuse(transfer, LedgerReasonCode.Overdrawn);
            after[posting.Account] = balance;
        }

        var entry = LedgerChain.Link(Head, transfer, _timeProvider.GetUtcNow());
        foreach (var posting in transfer.Postings)
        {
            _balances[posting.Account] = after[posting.Account];
            _changes[posting.Account] = _changes.GetValueOrDefault(posting.Account) + posting.Amount;
        }
        _byKey[entry.IdempotencyKey] = entry;
        _pending.Add(entry);
        Head = entry.AsHead();
        return new LedgerBookingOutcome(transfer.IdempotencyKey, LedgerReasonCode.Booked, entry);
    }

    private static LedgerBookingOutcome Refuse(LedgerTransfer transfer, LedgerReasonCode reason) =>
        new(transfer.IdempotencyKey ?? "", reason, null);
}
