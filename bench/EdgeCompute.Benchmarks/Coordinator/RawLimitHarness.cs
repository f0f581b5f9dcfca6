using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// The raw limit beside <c>coordinator-ingest</c>: the two rows a verified result leaves as its own data — its
/// device frame (shaped as <c>telemetry_frames</c>) and its result (shaped as <c>work_results</c>, with the same keys
/// and indexes) — written raw, by the fastest means the database has, with the same durability as the stores: SQLite
/// files in WAL with <c>synchronous=NORMAL</c>, one reused prepared insert per table and one transaction per batch and
/// file (the telemetry and work files are separate, as the stores' are); PostgreSQL with its defaults (<c>fsync</c>,
/// synchronous commit), one transaction per batch with a binary COPY per table. The same batch count and size,
/// the same number of concurrent gateway streams. No verification, no reads: what the disk and the database can take.
/// </summary>
internal static class RawLimitHarness
{
    private const string FrameTable = """
        CREATE TABLE raw_frames (device TEXT NOT NULL, boot BIGINT NOT NULL, seq BIGINT NOT NULL, hash {0} NOT NULL, type BIGINT NOT NULL,
            window_start_ms BIGINT NOT NULL, readings BIGINT NOT NULL, gateway TEXT NOT NULL, batch_boot BIGINT NOT NULL, batch_seq BIGINT NOT NULL,
            PRIMARY KEY (device, boot, seq));
        """;

    private const string ResultTable = """
        CREATE TABLE raw_results (task_id TEXT NOT NULL, slot BIGINT NOT NULL, node_id TEXT NOT NULL, gateway_id TEXT NOT NULL, owner TEXT NOT NULL,
            body {0} NOT NULL, received_ms BIGINT NOT NULL, verdict BIGINT NOT NULL, reason TEXT NOT NULL, cost_units BIGINT NOT NULL, verified_ms BIGINT,
            PRIMARY KEY (task_id, slot, node_id));
        CREATE UNIQUE INDEX raw_results_one_valid ON raw_results (task_id, slot) WHERE verdict = 2;
        CREATE INDEX raw_results_credits ON raw_results (verified_ms) WHERE verdict = 2;
        CREATE INDEX raw_results_node ON raw_results (node_id, verdict);
        """;

    /// <summary>Rows written per result in this mode (one frame, one result).</summary>
    public const int RowsPerResult = 2;

    public static async Task<(double RowsPerSecond, double P99Ms)> RunAsync(ResultIngestArgs args, BenchDatabase database, TextWriter output, CancellationToken cancellationToken)
    {
        var perStream = (args.Batches + args.Gateways - 1) / args.Gateways;
        Func<int, int, CancellationToken, Task> write;
        var cleanup = new List<IAsyncDisposable>();
        if (database.ConnectionString is { } connectionString)
        {
            var source = NpgsqlDataSource.Create(connectionString);
            cleanup.Add(source);
            await using (var create = source.CreateCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, FrameTable + ResultTable, "BYTEA")))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            write = (stream, batch, ct) => PostgresBatchAsync(source, args, stream, batch, ct);
        }
        else
        {
            var folder = database.SqliteFolder!;
            var frames = Path.Combine(folder, "raw-telemetry.db");
            var results = Path.Combine(folder, "raw-work.db");
            await SqliteCreateAsync(frames, FrameTable, cancellationToken);
            await SqliteCreateAsync(results, ResultTable, cancellationToken);
            write = (stream, batch, ct) => SqliteBatchAsync(frames, results, args, stream, batch, ct);
        }

        try
        {
            var perBatch = new List<double>();
            for (var warm = 0; warm < Math.Min(args.Warmup, 4); warm++)
            {
                await write(args.Gateways + warm, 0, cancellationToken);
            }

            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, args.Gateways).Select(stream => Task.Run(async () =>
            {
                for (var batch = 0; batch < perStream; batch++)
                {
                    var started = Stopwatch.GetTimestamp();
                    await write(stream, batch, cancellationToken);
                    lock (perBatch)
                    {
                        perBatch.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
            }, cancellationToken)));
            var elapsed = clock.Elapsed;
            var rows = (double)args.Gateways * perStream * args.BatchSize * RowsPerResult;
            var sorted = perBatch.Order().ToList();
            var p99 = sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(0.99 * sorted.Count) - 1)];
            output.WriteLine($"raw limit: {args.Gateways * perStream} batches of {args.BatchSize} results × {RowsPerResult} rows (frame + result) in {elapsed.TotalSeconds:F2} s: " +
                $"{rows / elapsed.TotalSeconds:N0} rows/s = {rows / RowsPerResult / elapsed.TotalSeconds:N0} results/s, batch p99 {p99:F1} ms");
            return (rows / elapsed.TotalSeconds, p99);
        }
        finally
        {
            foreach (var item in cleanup)
            {
                await item.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
        }
    }

    private static async Task SqliteCreateAsync(string path, string table, CancellationToken cancellationToken)
    {
        await using var connection = await SqliteOpenAsync(path, cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;" + string.Format(System.Globalization.CultureInfo.InvariantCulture, table, "BLOB");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<SqliteConnection> SqliteOpenAsync(string path, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous=NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    private static async Task SqliteBatchAsync(string frames, string results, ResultIngestArgs args, int stream, int batch, CancellationToken cancellationToken)
    {
        await using (var connection = await SqliteOpenAsync(frames, cancellationToken))
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO raw_frames VALUES ($a, $b, $c, $h, $y, $w, $r, $g, $gb, $gs)";
            var p = Parameters(insert, "$a", "$b", "$c", "$h", "$y", "$w", "$r", "$g", "$gb", "$gs");
            for (var i = 0; i < args.BatchSize; i++)
            {
                var row = Row.Of(stream, batch, i);
                p[0].Value = row.Device; p[1].Value = 1L; p[2].Value = row.Seq; p[3].Value = row.Hash; p[4].Value = 3L;
                p[5].Value = 0L; p[6].Value = 0L; p[7].Value = row.Gateway; p[8].Value = 1L; p[9].Value = (long)batch;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await using (var connection = await SqliteOpenAsync(results, cancellationToken))
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO raw_results VALUES ($t, $s, $n, $g, $o, $b, $r, $v, $re, $c, $vm)";
            var p = Parameters(insert, "$t", "$s", "$n", "$g", "$o", "$b", "$r", "$v", "$re", "$c", "$vm");
            for (var i = 0; i < args.BatchSize; i++)
            {
                var row = Row.Of(stream, batch, i);
                p[0].Value = row.Task; p[1].Value = 0L; p[2].Value = row.Device; p[3].Value = row.Gateway; p[4].Value = row.Owner; p[5].Value = row.Body;
                p[6].Value = 1L; p[7].Value = 2L; p[8].Value = ""; p[9].Value = 64L; p[10].Value = 1L;
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names) =>
        [.. names.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value }))];

    private static async Task PostgresBatchAsync(NpgsqlDataSource source, ResultIngestArgs args, int stream, int batch, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY raw_frames FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < args.BatchSize; i++)
            {
                var row = Row.Of(stream, batch, i);
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(row.Device, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.Seq, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.Hash, NpgsqlDbType.Bytea, cancellationToken);
                await copy.WriteAsync(3L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.Gateway, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync((long)batch, NpgsqlDbType.Bigint, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY raw_results FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < args.BatchSize; i++)
            {
                var row = Row.Of(stream, batch, i);
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(row.Task, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(0L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(row.Device, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Gateway, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Owner, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(row.Body, NpgsqlDbType.Bytea, cancellationToken);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(2L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync("", NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(64L, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>One synthetic result's values, shaped as the harness's real ones (ids, a 32-byte frame hash, a result body).</summary>
    private readonly record struct Row(string Device, long Seq, byte[] Hash, string Gateway, string Task, string Owner, byte[] Body)
    {
        private static readonly byte[] SampleBody = new byte[40];

        public static Row Of(int stream, int batch, int index)
        {
            var n = ((long)batch * 5_000) + index;
            var hash = new byte[32];
            BitConverter.TryWriteBytes(hash, n ^ ((long)stream << 40));
            return new Row($"dev-{stream:D2}-{index % 100:D3}", n, hash, $"gw-{stream:D2}", $"job-{stream:D2}-{batch:D5}/{index:D5}", $"owner-{stream:D2}", SampleBody);
        }
    }
}
