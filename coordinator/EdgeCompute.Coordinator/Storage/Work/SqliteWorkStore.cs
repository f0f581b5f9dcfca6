using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>
/// Work state in a SQLite file (the default): WAL, <c>synchronous=NORMAL</c>, foreign keys on; each write is one
/// <c>BEGIN IMMEDIATE</c> transaction, so writers on the same file (this instance, or another store or process on it)
/// take turns and every compare-and-set sees the other's commit. Tables are prefixed <c>work_</c>, so the file can be
/// shared with the other stores. The rules of <see cref="IWorkStore"/> are constraints of the file; in particular the
/// partial unique index on (task, slot) of valid results, which <see cref="IWorkStore.JudgeAsync"/> turns into false.
/// </summary>
/// <remarks>
/// Beyond the contract: an assignment or result whose task is not stored throws <see cref="InvalidOperationException"/>,
/// and so does <see cref="IWorkStore.InsertResultAsync"/> of an already-valid result for a slot that has a valid one
/// (nothing is stored in either case). Bad arguments throw <see cref="ArgumentException"/> before any SQL runs.
/// </remarks>
public sealed class SqliteWorkStore : WorkStore
{
    /// <summary>How long a writer waits for another's lock.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private SqliteWorkStore(Database database)
        : base(database)
    {
    }

    /// <summary>Opens (creating when missing) the file and its tables; opening an existing file changes nothing.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The store.</returns>
    public static async Task<SqliteWorkStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var database = new Database(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        await using (var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false))
        {
            await using (var wal = connection.CreateCommand())
            {
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                await wal.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = WorkSchema.Sqlite;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await WidenStatusChecksAsync(command, cancellationToken).ConfigureAwait(false);
                await AddPriceColumnsAsync(command, cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return new SqliteWorkStore(database);
    }

    /// <summary>Widens the status checks of a file written before cancelled jobs existed (<see cref="WorkSchema.WidenSqliteStatusChecks"/>).</summary>
    private static async Task WidenStatusChecksAsync(DbCommand command, CancellationToken cancellationToken)
    {
        command.CommandText = WorkSchema.CountOldSqliteStatusChecks;
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            return;
        }

        command.CommandText = "PRAGMA schema_version";
        var version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        command.CommandText = WorkSchema.WidenSqliteStatusChecks + $"PRAGMA schema_version = {version + 1};";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Adds the priced job's columns to a file written before jobs were priced (<see cref="WorkSchema.AddSqlitePriceColumns"/>).</summary>
    private static async Task AddPriceColumnsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        command.CommandText = WorkSchema.CountSqlitePriceColumns;
        if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            command.CommandText = WorkSchema.AddSqlitePriceColumns;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The SQLite side of <see cref="WorkDatabase"/>.</summary>
    private sealed class Database(string connectionString) : WorkDatabase
    {
        private const int ConstraintError = 19;
        private const int UniqueError = 2067;
        private const int PrimaryKeyError = 1555;
        private const int ForeignKeyError = 787;

        public override string ReceivedOrder => "rowid";

        public override string? LockTaskSql => null;

        public override async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;";
                await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                return connection;
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(IsolationLevel.Serializable, deferred: false));

        public override bool IsUniqueViolation(DbException exception) =>
            exception is SqliteException { SqliteErrorCode: ConstraintError, SqliteExtendedErrorCode: UniqueError or PrimaryKeyError };

        public override bool IsForeignKeyViolation(DbException exception) =>
            exception is SqliteException { SqliteErrorCode: ConstraintError, SqliteExtendedErrorCode: ForeignKeyError };

        public override ValueTask DisposeAsync()
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
            return ValueTask.CompletedTask;
        }
    }
}
