using System.Data;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Domain.Ledger;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>
/// The ledger in a SQLite file (the default): WAL journal, <c>synchronous=NORMAL</c> (a commit survives a process crash;
/// the last commits may be lost on power loss, never half-applied). The single-writer lock is the database write lock,
/// taken with <c>BEGIN IMMEDIATE</c> before the head is read, so any number of store instances and processes on the
/// same file append one unforked chain. Waiting writers retry for <see cref="BusyTimeout"/>.
/// </summary>
public sealed class SqliteLedgerStore : ILedgerStore
{
    /// <summary>How long a writer waits for another's lock before the append fails with <see cref="SqliteException"/>.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ledger_entries (
            seq INTEGER PRIMARY KEY,
            idempotency_key TEXT NOT NULL,
            epoch INTEGER NOT NULL,
            time_us INTEGER NOT NULL,
            kind TEXT NOT NULL,
            memo TEXT NOT NULL,
            prev_hash BLOB NOT NULL,
            hash BLOB NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS ledger_entries_key ON ledger_entries (idempotency_key);
        CREATE TABLE IF NOT EXISTS ledger_postings (
            seq INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            account TEXT NOT NULL,
            amount INTEGER NOT NULL,
            PRIMARY KEY (seq, idx));
        CREATE TABLE IF NOT EXISTS ledger_balances (
            account TEXT PRIMARY KEY,
            balance INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS ledger_statements (
            epoch_id INTEGER PRIMARY KEY,
            bytes BLOB NOT NULL);
        """;

    private readonly string _connectionString;
    private readonly TimeProvider _timeProvider;

    private SqliteLedgerStore(string connectionString, TimeProvider timeProvider)
    {
        _connectionString = connectionString;
        _timeProvider = timeProvider;
    }

    /// <summary>Opens (creating when missing) the ledger file and its schema.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="timeProvider">Clock for entry timestamps.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    public static async Task<SqliteLedgerStore> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        var store = new SqliteLedgerStore(connectionString, timeProvider);
        await using var connection = await store.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using (var command = LedgerJournal.Command(connection, transaction, Schema))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return store;
    }

    /// <inheritdoc />
    public async Task<LedgerAppendResult> AppendAsync(IReadOnlyList<LedgerTransfer> transfers, LedgerBatchMode mode = LedgerBatchMode.AllOrNothing,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        // deferred: false issues BEGIN IMMEDIATE: the write lock is held from before the head is read until commit.
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        var result = await LedgerJournal.AppendAsync(connection, transaction, transfers, mode, _timeProvider, cancellationToken).ConfigureAwait(false);
        if (result.BookedCount > 0) await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async Task<LedgerHead> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerJournal.ReadHeadAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        // one read transaction so entries and postings come from the same snapshot
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await LedgerJournal.ReadEntriesAsync(connection, transaction, fromSequence, maxCount, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LedgerEntry?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await LedgerJournal.FindByKeyAsync(connection, transaction, idempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> ReadBalanceAsync(AccountId account, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerJournal.ReadBalanceAsync(connection, null, account, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<AccountId, long>> ReadBalancesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerJournal.ReadBalancesAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<EpochCloseBooking> CloseEpochAsync(EpochStatement statement, IReadOnlyList<LedgerTransfer> payouts, CancellationToken cancellationToken = default)
    {
        RequireOwnEpoch(statement, payouts);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
        var booking = await LedgerStatementJournal.CloseEpochAsync(connection, transaction, statement, payouts, _timeProvider, cancellationToken).ConfigureAwait(false);
        if (booking.Reason == EpochCloseBookingReason.Booked) await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return booking;
    }

    /// <inheritdoc />
    public async Task<EpochStatement?> ReadStatementAsync(long epochId, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerStatementJournal.ReadAsync(connection, null, epochId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EpochStatement>> ReadStatementsAsync(long fromEpochId = 0, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerStatementJournal.ReadFromAsync(connection, fromEpochId, maxCount, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long?> ReadLastClosedEpochAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerStatementJournal.ReadLastEpochIdAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases the pooled connections to the file.</summary>
    public ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private async Task<SqliteConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};", cancellationToken)
                .ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void RequireOwnEpoch(EpochStatement statement, IReadOnlyList<LedgerTransfer> payouts)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(payouts);
        if (payouts.Any(p => p is null || p.EpochId != statement.EpochId))
            throw new ArgumentException($"every payout must belong to epoch {statement.EpochId}", nameof(payouts));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = LedgerJournal.Command(connection, null, sql);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
