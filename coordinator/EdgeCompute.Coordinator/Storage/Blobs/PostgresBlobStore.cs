using System.Data;
using System.Data.Common;
using System.Text.RegularExpressions;
using Npgsql;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>
/// Opens the <see cref="BlobStore"/> of the PostgreSQL mode: tables and bytes (<c>blob_chunks</c>) in one schema, so every
/// coordinator replica serves the same blobs; uploads are staged in a local temporary folder. Writes are read-committed
/// transactions whose safety is in primary keys (<c>ON CONFLICT DO NOTHING</c>) and the quota's compare-and-set update.
/// </summary>
public static partial class PostgresBlobStore
{
    /// <summary>The advisory lock key held while creating the tables ("EC_BLOBS" in ASCII), so replicas starting together do not race.</summary>
    public const long SchemaLockKey = 0x45435F424C4F4253;

    /// <summary>Connects and creates the schema and its tables when missing.</summary>
    /// <param name="connectionString">An Npgsql connection string (its search path is replaced by <paramref name="schema"/>).</param>
    /// <param name="schema">The schema: lower-case letters, digits and underscores, not starting with a digit.</param>
    /// <param name="stagingFolder">Where uploads are staged while hashed.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The store.</returns>
    public static async Task<BlobStore> OpenAsync(string connectionString, string schema, string stagingFolder, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(schema);
        ArgumentException.ThrowIfNullOrEmpty(stagingFolder);
        ArgumentNullException.ThrowIfNull(time);
        if (!SchemaName().IsMatch(schema)) throw new ArgumentException("A schema name is lower-case letters, digits and underscores, not starting with a digit, at most 63 characters.", nameof(schema));
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema };
        var database = new Database(NpgsqlDataSource.Create(builder.ToString()));
        try
        {
            await using var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await BlobDatabase.ExecuteAsync(connection, transaction,
                $"SELECT pg_advisory_xact_lock({SchemaLockKey}); CREATE SCHEMA IF NOT EXISTS {schema}; SET LOCAL search_path TO {schema}; {BlobSchema.Postgres}",
                cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new BlobStore(database, new PostgresBlobContent(database), stagingFolder, time);
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();

    /// <summary>The PostgreSQL side of <see cref="BlobDatabase"/>.</summary>
    private sealed class Database(NpgsqlDataSource dataSource) : BlobDatabase
    {
        public override async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken) =>
            await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
            await ((NpgsqlConnection)connection).BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);

        public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
    }
}
