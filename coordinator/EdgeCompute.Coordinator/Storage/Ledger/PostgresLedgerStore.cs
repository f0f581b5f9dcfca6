using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Domain.Ledger;
using Npgsql;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>
/// The ledger in PostgreSQL (Npgsql), for several coordinator replicas. Each append runs in one transaction that
/// first takes the transaction-scoped advisory lock <c>pg_advisory_xact_lock(<see cref="WriterLockKey"/>)</c>, then
/// reads the head, chains and commits; the lock is released by the commit, so one batch at a time extends the chain
/// and two replicas cannot fork it. Unique indexes on sequence and idempotency key back this up. Tables are created
/// in the first schema of the connection's search path.
/// </summary>
public sealed class PostgresLedgerStore : ILedgerStore
{
    /// <summary>The advisory lock key of the ledger writer ("ECLEDGER" in ASCII).</summary>
    public const long WriterLockKey = 0x45434C4544474552;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ledger_entries (
            seq bigint PRIMARY KEY,
            idempotency_key text NOT NULL,
            epoch bigint NOT NULL,
            time_us bigint NOT NULL,
            kind text NOT NULL,
            memo text NOT NULL,
            prev_hash bytea NOT NULL,
            hash bytea NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS ledger_entries_key ON ledger_entries (idempotency_key);
        CREATE TABLE IF NOT EXISTS ledger_postings (
            seq bigint NOT NULL,
            idx integer NOT NULL,
            account text NOT NULL,
            amount bigint NOT NULL,
            PRIMARY KEY (seq, idx));
        CREATE TABLE IF NOT EXISTS ledger_balances (
            account text PRIMARY KEY,
            balance bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS ledger_statements (
            epoch_id bigint PRIMARY KEY,
            bytes bytea NOT NULL);
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _timeProvider;

    private PostgresLedgerStore(NpgsqlDataSource dataSource, TimeProvider timeProvider)
    {
        _dataSource = dataSource;
        _timeProvider = timeProvider;
    }

    /// <summary>Connects and creates the schema when missing (under the writer lock, so replicas starting together do not race).</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="timeProvider">Clock for entry timestamps.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    public static async Task<PostgresLedgerStore> OpenAsync(string connectionString, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var store = new PostgresLedgerStore(NpgsqlDataSource.Create(connectionString), timeProvider);
        try
        {
            await using var connection = await store._dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            await using (var command = new NpgsqlCommand(Schema, connection, transaction))
            {
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<LedgerAppendResult> AppendAsync(IReadOnlyList<LedgerTransfer> transfers, LedgerBatchMode mode = LedgerBatchMode.AllOrNothing,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transfers);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var result = await LedgerJournal.AppendAsync(connection, transaction, transfers, mode, _timeProvider, cancellationToken).ConfigureAwait(false);
        if (result.BookedCount > 0) await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async Task<LedgerHead> ReadHeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerJournal.ReadHeadAsync(connection, null, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<LedgerEntry>> ReadEntriesAsync(long fromSequence, int maxCount, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // repeatable read: entries and postings from the same snapshot
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        return await LedgerJournal.ReadEntriesAsync(connection, transaction, fromSequence, maxCount, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<LedgerEntry?> FindByIdempotencyKeyAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken).ConfigureAwait(false);
        return await LedgerJournal.FindByKeyAsync(connection, transaction, idempotencyKey, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> ReadBalanceAsync(AccountId account, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerJournal.ReadBalanceAsync(connection, null, account, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<AccountId, long>> ReadBalancesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerJournal.ReadBalancesAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<EpochCloseBooking> CloseEpochAsync(EpochStatement statement, IReadOnlyList<LedgerTransfer> payouts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(payouts);
        if (payouts.Any(p => p is null || p.EpochId != statement.EpochId))
            throw new ArgumentException($"every payout must belong to epoch {statement.EpochId}", nameof(payouts));
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var booking = await LedgerStatementJournal.CloseEpochAsync(connection, transaction, statement, payouts, _timeProvider, cancellationToken).ConfigureAwait(false);
        if (booking.Reason == EpochCloseBookingReason.Booked) await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return booking;
    }

    /// <inheritdoc />
    public async Task<EpochStatement?> ReadStatementAsync(long epochId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerStatementJournal.ReadAsync(connection, null, epochId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EpochStatement>> ReadStatementsAsync(long fromEpochId = 0, int maxCount = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerStatementJournal.ReadFromAsync(connection, fromEpochId, maxCount, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long?> ReadLastClosedEpochAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await LedgerStatementJournal.ReadLastEpochIdAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes the connection pool.</summary>
    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
        command.Parameters.AddWithValue("key", WriterLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
