using Npgsql;

namespace EdgeCompute.Coordinator.Storage.Integrity;

/// <summary>
/// What PostgreSQL offers to check a database's storage: with the <c>amcheck</c> extension installed in the database
/// (<c>CREATE EXTENSION amcheck</c>, shipped with PostgreSQL's contrib modules), <c>bt_index_check(heapallindexed =&gt;
/// true)</c> on every B-tree index of the tables named — the index structure, and every table row present in it (a row
/// missing from the unique index on idempotency keys is found here). Without it nothing is checked beyond what reading
/// the rows back does, and the report's <see cref="StoreIntegrityReport.Note"/> says so; it also says whether the cluster
/// has data checksums, which make PostgreSQL itself refuse a damaged page when it is read.
/// </summary>
public static class PostgresIntegrity
{
    private const string IndexesOf = """
        SELECT c.relname
        FROM pg_index i
        JOIN pg_class c ON c.oid = i.indexrelid
        JOIN pg_am a ON a.oid = c.relam
        WHERE a.amname = 'btree' AND i.indrelid = ANY (SELECT to_regclass(t)::oid FROM unnest(@tables) AS t WHERE to_regclass(t) IS NOT NULL)
        ORDER BY c.relname
        """;

    /// <summary>Checks the indexes of <paramref name="tables"/> in the database the connection string names.</summary>
    /// <param name="connectionString">An Npgsql connection string.</param>
    /// <param name="tables">The tables whose indexes are checked, such as the ledger's.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The report.</returns>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public static async Task<StoreIntegrityReport> CheckAsync(string connectionString, IReadOnlyList<string> tables, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(tables);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var store = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var checksums = await ScalarAsync(connection, "SHOW data_checksums", cancellationToken).ConfigureAwait(false) as string;
        var checksumNote = checksums == "on" ? "data checksums on: PostgreSQL refuses a damaged page when it reads it" : "data checksums off in this cluster";
        if (await ScalarAsync(connection, "SELECT extversion FROM pg_extension WHERE extname = 'amcheck'", cancellationToken).ConfigureAwait(false) is not string)
        {
            return new StoreIntegrityReport(store, "rows read back (amcheck not installed)", [],
                $"amcheck is not installed in this database, so no index was checked; CREATE EXTENSION amcheck enables bt_index_check; {checksumNote}");
        }

        var indexes = new List<string>();
        await using (var list = new NpgsqlCommand(IndexesOf, connection))
        {
            list.Parameters.AddWithValue("tables", tables.ToArray());
            await using var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                indexes.Add(reader.GetString(0));
            }
        }

        var problems = new List<string>();
        foreach (var index in indexes)
        {
            // A connection per index: the server may end a session that met a damaged page.
            try
            {
                await using var checking = new NpgsqlConnection(connectionString);
                await checking.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using var check = new NpgsqlCommand("SELECT bt_index_check(index => to_regclass(@index), heapallindexed => true)", checking);
                check.Parameters.AddWithValue("index", index);
                await check.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState.StartsWith("XX", StringComparison.Ordinal))
            {
                // XX002 index_corrupted, XX001 data_corrupted, XX000 internal errors raised while reading the damaged index
                problems.Add($"index {index}: {e.MessageText}");
            }
        }

        return new StoreIntegrityReport(store, $"amcheck bt_index_check (heapallindexed) on {indexes.Count} indexes", problems, checksumNote);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
