using Microsoft.Data.Sqlite;

namespace EdgeCompute.Coordinator.Storage.Integrity;

/// <summary>
/// SQLite's own checks of a database file: <c>PRAGMA integrity_check</c> (every page, every index against its table: a row
/// missing from the unique index on idempotency keys is found here) or the cheaper <c>PRAGMA quick_check</c> (every page,
/// not the index contents; what the coordinator runs at start). A file that is not a database at all, or whose header or
/// schema is unreadable, is reported as damaged too.
/// </summary>
public static class SqliteIntegrity
{
    /// <summary>At most this many problems are read from the check (SQLite stops there too).</summary>
    public const int MaxProblems = 20;

    private const int SqliteCorrupt = 11, SqliteNotADatabase = 26;

    /// <summary>Runs the check on an existing file (never creating one).</summary>
    /// <param name="file">The database file.</param>
    /// <param name="quick">True for <c>quick_check</c>, false for the full <c>integrity_check</c>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The report.</returns>
    /// <exception cref="SqliteException">The file cannot be opened for another reason than damage (missing, no permission, locked).</exception>
    public static async Task<StoreIntegrityReport> CheckAsync(string file, bool quick = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        var pragma = quick ? "quick_check" : "integrity_check";
        var method = $"PRAGMA {pragma}";
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        var problems = new List<string>();
        try
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA {pragma}({MaxProblems})";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // A row may hold several lines, the first naming the schema ("*** in database main ***").
                foreach (var line in reader.GetString(0).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!string.Equals(line, "ok", StringComparison.Ordinal) && !line.StartsWith("***", StringComparison.Ordinal))
                    {
                        problems.Add(line);
                    }
                }
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            problems.Add(e.Message.TrimEnd('.')); // the header or the schema itself is unreadable
        }

        return new StoreIntegrityReport(Path.GetFullPath(file), method, problems);
    }
}
