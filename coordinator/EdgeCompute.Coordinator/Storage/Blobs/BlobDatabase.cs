using System.Data.Common;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>What <see cref="BlobStore"/> needs from a database: connections and write transactions, plus the shared statement helpers.</summary>
internal abstract class BlobDatabase : IAsyncDisposable
{
    /// <summary>Opens a connection ready for use.</summary>
    public abstract Task<DbConnection> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Begins a write transaction (SQLite: <c>BEGIN IMMEDIATE</c>; PostgreSQL: read committed).</summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();

    /// <summary>Builds a command with <c>@name</c> parameters (null becomes SQL NULL).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        DbRows.Command(connection, transaction, sql, parameters);

    /// <summary>Runs one statement and returns the rows it changed.</summary>
    public static Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters) =>
        DbRows.ExecuteAsync(connection, transaction, sql, cancellationToken, parameters);

    /// <summary>Runs one query and maps its rows.</summary>
    public static async Task<List<T>> QueryAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map,
        CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        var rows = new List<T>();
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}
