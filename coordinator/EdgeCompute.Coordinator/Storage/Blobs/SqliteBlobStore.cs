using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>
/// Opens the <see cref="BlobStore"/> of the SQLite mode: the tables in a SQLite file (WAL, <c>BEGIN IMMEDIATE</c> writes)
/// and the bytes as files named by hash in a folder beside it (uploads staged in its <c>staging</c> subfolder, so the
/// final rename stays on one file system).
/// </summary>
public static class SqliteBlobStore
{
    /// <summary>How long a writer waits for another's lock.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Opens (creating when missing) the file, its tables and the folder.</summary>
    /// <param name="path">The database file (e.g. <c>blobs.db</c> in the data folder).</param>
    /// <param name="folder">The folder of blob files (e.g. <c>blobs</c> in the data folder).</param>
    /// <param name="time">The clock (upload and reference times).</param>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>The store.</returns>
    public static async Task<BlobStore> OpenAsync(string path, string folder, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(time);
        var database = new Database(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        await using (var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false))
        {
            await BlobDatabase.ExecuteAsync(connection, null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
            await BlobDatabase.ExecuteAsync(connection, transaction, BlobSchema.Sqlite, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        Directory.CreateDirectory(folder);
        return new BlobStore(database, new FolderBlobContent(folder), Path.Combine(folder, "staging"), time);
    }

    /// <summary>The SQLite side of <see cref="BlobDatabase"/>.</summary>
    private sealed class Database(string connectionString) : BlobDatabase
    {
        public override async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken)
        {
            var connection = new SqliteConnection(connectionString);
            try
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, null, "PRAGMA synchronous=NORMAL;", cancellationToken).ConfigureAwait(false);
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

        public override ValueTask DisposeAsync()
        {
            using var connection = new SqliteConnection(connectionString);
            SqliteConnection.ClearPool(connection);
            return ValueTask.CompletedTask;
        }
    }
}
