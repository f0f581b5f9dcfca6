using Npgsql;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// Row writes per table from PostgreSQL's <c>pg_stat_user_tables</c> (inserts, updates, deletes), read before and
/// after the timed batches: how many rows one verified result writes. Nothing under SQLite (it keeps no such counts;
/// both stores run the same SQL).
/// </summary>
internal static class RowWrites
{
    public static async Task<Dictionary<string, (long Inserted, long Updated, long Deleted)>> ReadAsync(string? connectionString, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        if (connectionString is null)
        {
            return rows;
        }

        // A backend reports its table counts when it commits, at most once a second, and an idle one within ten seconds:
        // wait that out so the writes of the batches before are all counted.
        await Task.Delay(TimeSpan.FromSeconds(11), cancellationToken);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // The statistics collector's view of this transaction is a snapshot; clear it so the counts are current.
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        return rows;
    }

    public static void Write(Dictionary<string, (long Inserted, long Updated, long Deleted)> before, Dictionary<string, (long Inserted, long Updated, long Deleted)> after,
        int results, TextWriter output)
    {
        if (after.Count == 0)
        {
            return;
        }

        var parts = new List<string>();
        double total = 0;
        foreach (var (table, (i, u, d)) in after.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var (i0, u0, d0) = before.GetValueOrDefault(table);
            var writes = (i - i0) + (u - u0) + (d - d0);
            if (writes == 0)
            {
                continue;
            }

            total += writes;
            parts.Add(FormattableString.Invariant($"{table} {(i - i0) / (double)results:F2} ins + {(u - u0) / (double)results:F2} upd + {(d - d0) / (double)results:F2} del"));
        }

        output.WriteLine(FormattableString.Invariant($"row writes per verified result: {total / results:F2} ({string.Join("; ", parts)})"));
    }
}
