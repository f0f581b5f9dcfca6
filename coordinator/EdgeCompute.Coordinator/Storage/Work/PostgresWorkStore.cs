using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>
/// Work state in PostgreSQL (Npgsql), for several coordinator replicas, in one schema (<c>edgecompute</c> unless
/// given; created on open, and first on the search path of this store's connections). Each write is one
/// read-committed transaction. The safety is in constraints and row locks: primary keys with
/// <c>ON CONFLICT DO NOTHING</c> make a racing second insert wait and then do nothing; the compare-and-set updates
/// (<c>… WHERE status = open</c>) make a racing second writer wait for the first commit and then match no row; and the
/// partial unique index on (task, slot) of valid results makes a second valid verdict in a slot fail, which
/// <see cref="IWorkStore.JudgeAsync"/> rolls back and reports as false. Judging first locks the task's row, so replicas
/// judging one task take turns in the same order and cannot deadlock on its results.
/// </summary>
/// <remarks>
/// Beyond the contract: an assignment or result whose task is not stored throws <see cref="InvalidOperationException"/>,
/// and so does <see cref="IWorkStore.InsertResultAsync"/> of an already-valid result for a slot that has a valid one
/// (nothing is stored in either case). Bad arguments throw <see cref="ArgumentException"/> before any SQL runs.
/// </remarks>
public sealed partial class PostgresWorkStore : WorkStore
{
    /// <summary>The schema used when none is given.</summary>
    public const string DefaultSchema = "edgecompute";

    /// <summary>The advisory lock key held while creating the schema ("EC_WORKS" in ASCII), so replicas starting together do not race.</summary>
    public const long SchemaLockKey = 0x45435F574F524B53;

    private readonly Database _database;

    private PostgresWorkStore(Database database)
        : base(database)
    {
        _database = database;
    }

    /// <summary>Connects and creates the schema and its tables when missing; opening an existing schema changes nothing.</summary>
    /// <param name="connectionString">An Npgsql connection string (its search path is replaced by <paramref name="schema"/>).</param>
    /// <param name="schema">The schema: lower-case letters, digits and underscores, not starting with a digit, at most 63 characters.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The store.</returns>
    public static async Task<PostgresWorkStore> OpenAsync(string connectionString, string schema = DefaultSchema, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        if (!SchemaName().IsMatch(schema)) throw new ArgumentException("A schema name is lower-case letters, digits and underscores, not starting with a digit, at most 63 characters.", nameof(schema));
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        PostgresTuning.Apply(builder);
        var store = new PostgresWorkStore(new Database(NpgsqlDataSource.Create(builder.ToString())));
        try
        {
            await using var connection = await store._database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await store._database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (var command = connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = $"SELECT pg_advisory_xact_lock({SchemaLockKey}); CREATE SCHEMA IF NOT EXISTS {schema}; SET LOCAL search_path TO {schema}; {WorkSchema.Postgres} {WorkSchema.WidenPostgresStatusChecks} {WorkSchema.AddPostgresPriceColumns}";
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

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();

    /// <summary>The PostgreSQL side of <see cref="WorkDatabase"/>.</summary>
    private sealed class Database(NpgsqlDataSource dataSource) : WorkDatabase
    {
        public override string ReceivedOrder => "received_seq";

        public override string? LockTaskSql => "SELECT 1 FROM work_tasks WHERE task_id = @t FOR NO KEY UPDATE";

        public override bool HasArrays => true;

        public override async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken) =>
            await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

        public override bool IsUniqueViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

        public override bool IsForeignKeyViolation(DbException exception) => exception is PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation };

        public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
    }
}
