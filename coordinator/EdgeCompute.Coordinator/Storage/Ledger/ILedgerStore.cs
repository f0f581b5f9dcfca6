using EdgeCompute.Coordinator.Domain.Epochs.Statements;
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

    /// <summary>
    /// Closes an epoch, once: under the writer lock, in one transaction, when a statement for
    /// <see cref="EpochStatement.EpochId"/> is stored already nothing is booked and that statement is returned
    /// (<see cref="EpochCloseBookingReason.AlreadyClosed"/>); otherwise <paramref name="payouts"/> are booked all or nothing
    /// and the statement is stored with them (<see cref="EpochCloseBookingReason.Booked"/>), or, when the ledger refuses a
    /// payout, neither is (<see cref="EpochCloseBookingReason.Refused"/>). Two closers of one epoch, in one process or in
    /// several replicas, therefore pay it once.
    /// </summary>
    /// <param name="statement">The signed statement of the epoch.</param>
    /// <param name="payouts">The epoch's payout transfers (see <c>EpochPayoutTransfers.Build</c>), all of that epoch.</param>
    /// <param name="cancellationToken">Cancels before commit; nothing is booked or stored then.</param>
    Task<EpochCloseBooking> CloseEpochAsync(EpochStatement statement, IReadOnlyList<LedgerTransfer> payouts, CancellationToken cancellationToken = default);

    /// <summary>The statement stored for an epoch, or null when the epoch is not closed.</summary>
    /// <param name="epochId">The epoch.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidDataException">The stored row is not a well-formed statement of that epoch (damaged or tampered with).</exception>
    Task<EpochStatement?> ReadStatementAsync(long epochId, CancellationToken cancellationToken = default);

    /// <summary>Stored statements from <paramref name="fromEpochId"/> on, by epoch, at most <paramref name="maxCount"/>.</summary>
    /// <param name="fromEpochId">First epoch wanted.</param>
    /// <param name="maxCount">Most statements to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidDataException">A stored row is not a well-formed statement of its epoch.</exception>
    Task<IReadOnlyList<EpochStatement>> ReadStatementsAsync(long fromEpochId = 0, int maxCount = int.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>The highest closed epoch, or null when none is.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<long?> ReadLastClosedEpochAsync(CancellationToken cancellationToken = default);
}
