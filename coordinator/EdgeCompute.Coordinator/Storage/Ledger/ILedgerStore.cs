using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>
/// The durable ledger: an append-only hash chain of double entries with per-account balances. Appends take the
/// store's single-writer lock (SQLite: <c>BEGIN IMMEDIATE</c>; PostgreSQL: a transaction-scoped advisory lock) and
/// chain the transfers on the head read inside that lock, so concurrent writers, in one process or in several
/// coordinator replicas, never fork the chain nor book an idempotency key twice.
/// </summary>
public interface ILedgerStore : IAsyncDisposable
{
    /// <summary>
    /// Books a batch of transfers atomically, in order, as consecutive entries after the current head. A transfer whose
    /// idempotency key is already booked (before, or earlier in the batch) is returned as
    /// <see cref="LedgerReasonCode.AlreadyBooked"/> with the existing entry and booked nothing.
    /// </summary>
    /// <param name="transfers">The transfers, in booking order.</param>
    /// <param name="mode">Whether one refused transfer stops the whole batch (the default) or only itself.</param>
    /// <param name="cancellationToken">Cancels before commit; nothing is booked then.</param>
    Task<LedgerAppendResult> AppendAsync(IReadOnlyList<LedgerTransfer> transfers, LedgerBatchMode mode = LedgerBatchMode.AllOrNothing,
        CancellationToken cancellationToken = default);

    /// <summary>The current head (<see cref="LedgerHead.Genesis"/> when empty).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<LedgerHead> ReadHeadAsync(CancellationToken cancellationToken = default);

    /// <summary>Entries from <paramref name="fromSequence"/> on, in chain order, at most <paramref name="maxCount"/>, exactly as stored (not verified).</summary>
    /// <param name="fromSequence">First sequence number wanted (entries start at 1).</param>
    /// <param name="maxCount">Most entries to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>The entry booked under an idempotency key, or null.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<LedgerEntry?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>An account's balance in micro-units (0 for an account never posted to).</summary>
    /// <param name="account">The account.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<long> ReadBalanceAsync(AccountId account, CancellationToken cancellationToken = default);

    /// <summary>Every account's balance, as maintained by the appends (the verifier recomputes them from the entries instead).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<IReadOnlyDictionary<AccountId, long>> ReadBalancesAsync(CancellationToken cancellationToken = default);
}
