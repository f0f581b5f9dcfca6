using EdgeCompute.Protocol.Telemetry;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Gateway.LocalStore;

/// <summary>
/// The gateway's local telemetry store: window summaries kept in a SQLite file (WAL) for data-local
/// WebAssembly tasks and for reading on the Pi. One row per (source, window start, channel); a duplicate is
/// stored once. Windows older than the retention are pruned, and when the used bytes pass the bound the oldest
/// windows go first.
/// </summary>
public sealed class LocalWindowStore : ILocalWindowReader, IDisposable
{
    private readonly LocalStoreOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    /// <summary>Opens (and creates when missing) the store at <see cref="LocalStoreOptions.DatabasePath"/>.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="timeProvider">The clock retention is measured on.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message names each setting.</exception>
    public LocalWindowStore(LocalStoreOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        if (new LocalStoreOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new ArgumentException(invalid.FailureMessage, nameof(options));
        }

        _options = options;
        _timeProvider = timeProvider;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        using var connection = Open();
        Execute(connection, LocalStoreSchema.Create);
    }

    /// <summary>
    /// Stores every channel of <paramref name="windows"/> (duplicates once), then prunes for retention and the byte bound.
    /// </summary>
    /// <param name="windows">The window summaries to keep.</param>
    /// <param name="cancellationToken">Cancels the write before it commits.</param>
    /// <returns>How many channel windows were stored, found duplicate, skipped as expired, and pruned.</returns>
    public async Task<LocalStoreWriteResult> StoreAsync(IEnumerable<WindowSummary> windows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(windows);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var cutoff = RetentionCutoffMs();
            int stored = 0, duplicates = 0, expired = 0;
            using var connection = Open();
            using (var transaction = connection.BeginTransaction())
            {
                using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = LocalStoreSchema.Insert;
                var parameters = LocalStoreSchema.AddInsertParameters(insert);
                foreach (var window in windows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (window.WindowStartMs < cutoff)
                    {
                        expired += window.Channels.Count;
                        continue;
                    }

                    foreach (var channel in window.Channels)
                    {
                        LocalStoreSchema.Bind(parameters, window, channel);
                        if (insert.ExecuteNonQuery() == 1)
                        {
                            stored++;
                        }
                        else
                        {
                            duplicates++;
                        }
                    }
                }

                transaction.Commit();
            }

            var pruned = Prune(connection, cutoff);
            return new LocalStoreWriteResult(stored, duplicates, expired, pruned);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Prunes windows past retention and, beyond the byte bound, the oldest windows; a host timer may call it.</summary>
    /// <param name="cancellationToken">Cancels the wait for the write lock.</param>
    /// <returns>How many channel windows were deleted.</returns>
    public async Task<long> PruneAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connection = Open();
            return Prune(connection, RetentionCutoffMs());
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<StoredWindow> Query(WindowQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 0, nameof(query));
        var limit = Math.Min(query.Limit, WindowQuery.DefaultLimit);
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = query.SourceId is null ? LocalStoreSchema.QueryByChannel : LocalStoreSchema.QueryByChannelAndSource;
        command.Parameters.AddWithValue("$channel", query.Channel);
        command.Parameters.AddWithValue("$from", query.FromMs);
        command.Parameters.AddWithValue("$to", query.ToMs);
        command.Parameters.AddWithValue("$limit", limit);
        if (query.SourceId is not null)
        {
            command.Parameters.AddWithValue("$source", query.SourceId);
        }

        var windows = new List<StoredWindow>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            windows.Add(LocalStoreSchema.Read(reader));
        }

        return windows;
    }

    /// <summary>Returns the windows matching <paramref name="query"/>, ordered by start, then source.</summary>
    /// <param name="query">The channel, time range and optional source.</param>
    /// <param name="cancellationToken">Cancels before the query runs.</param>
    /// <returns>The matching windows, at most <see cref="WindowQuery.Limit"/>.</returns>
    public Task<IReadOnlyList<StoredWindow>> QueryAsync(WindowQuery query, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Query(query));
    }

    /// <summary>The bytes the database's used pages take (page count minus free pages, times the page size).</summary>
    /// <returns>The used bytes, the figure the byte bound applies to.</returns>
    public long GetUsedBytes()
    {
        using var connection = Open();
        return UsedBytes(connection);
    }

    /// <summary>Releases the pooled connections to the file.</summary>
    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        _writeGate.Dispose();
    }

    private long RetentionCutoffMs() => (_timeProvider.GetUtcNow() - _options.Retention).ToUnixTimeMilliseconds();

    private long Prune(SqliteConnection connection, long cutoffMs)
    {
        long pruned;
        using (var retention = connection.CreateCommand())
        {
            retention.CommandText = LocalStoreSchema.DeleteBefore;
            retention.Parameters.AddWithValue("$cutoff", cutoffMs);
            pruned = retention.ExecuteNonQuery();
        }

        while (UsedBytes(connection) > _options.MaxBytes)
        {
            // Delete the oldest 5 % (at least 64 rows) per step: partly emptied pages free slowly, so small steps
            // would loop long, and large ones would throw away more history than the bound needs.
            var rows = (long)Scalar(connection, LocalStoreSchema.CountRows)!;
            if (rows == 0)
            {
                break;
            }

            using var oldest = connection.CreateCommand();
            oldest.CommandText = LocalStoreSchema.DeleteOldest;
            oldest.Parameters.AddWithValue("$count", Math.Max(64, rows / 20));
            pruned += oldest.ExecuteNonQuery();
            Execute(connection, "PRAGMA incremental_vacuum;");
        }

        if (pruned > 0)
        {
            Execute(connection, "PRAGMA incremental_vacuum;");
        }

        return pruned;
    }

    private static long UsedBytes(SqliteConnection connection)
    {
        var pages = (long)Scalar(connection, "PRAGMA page_count;")!;
        var free = (long)Scalar(connection, "PRAGMA freelist_count;")!;
        var pageSize = (long)Scalar(connection, "PRAGMA page_size;")!;
        return (pages - free) * pageSize;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
