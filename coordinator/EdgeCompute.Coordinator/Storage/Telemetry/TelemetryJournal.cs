using System.Data.Common;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Sequencing;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// The SQL both telemetry stores share (ADO.NET, <c>@name</c> parameters, <c>ON CONFLICT</c> as SQLite and
/// PostgreSQL both spell it). The stores open the connection and the transaction; this runs the statements.
/// </summary>
internal static class TelemetryJournal
{
    private const string ReadingsStored = "readings_stored";
    private const string BatchesStored = "batches_stored";
    private const string BatchDuplicates = "batch_duplicates";
    private const string BatchConflicts = "batch_conflicts";
    private const string FrameDuplicates = "frame_duplicates";
    private const string FrameConflicts = "frame_conflicts";
    private const string ReadingsLost = "readings_lost";

    /// <summary>Runs a whole batch inside <paramref name="transaction"/>; the caller commits.</summary>
    public static async Task<BatchCommitResult> WriteBatchAsync(DbConnection connection, DbTransaction transaction, TelemetryBatch batch, CancellationToken cancellationToken)
    {
        var batchClass = await InsertOnceAsync(connection, transaction,
            "INSERT INTO telemetry_batches (gateway, boot, seq, hash, received_at_ms) VALUES (@a, @b, @c, @h, @t) ON CONFLICT DO NOTHING",
            "SELECT hash FROM telemetry_batches WHERE gateway = @a AND boot = @b AND seq = @c",
            batch.Hash, cancellationToken, ("a", batch.GatewayId), ("b", (long)batch.Boot), ("c", unchecked((long)batch.Seq)), ("t", batch.ReceivedAtMs)).ConfigureAwait(false);
        if (batchClass != SequenceClass.Accepted)
        {
            await AddAsync(connection, transaction, batchClass == SequenceClass.Duplicate ? BatchDuplicates : BatchConflicts, 1, cancellationToken).ConfigureAwait(false);
            return new BatchCommitResult(batchClass, [], []);
        }

        var highestBoots = await BootReuseJournal.HighestStoredBootsAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);

        // Every frame's insert-or-nothing in one go (one round trip under PostgreSQL; one prepared statement under SQLite);
        // then the stored hash of each frame not inserted decides duplicate or conflict, as for a single insert.
        var outcomes = new List<SequenceClass>(batch.Frames.Count);
        long readings = batch.GatewayReadings, duplicates = 0, conflicts = 0;
        var inserted = await FrameInserts.InsertAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        var points = new List<TelemetryPoint>();
        for (var i = 0; i < batch.Frames.Count; i++)
        {
            var frame = batch.Frames[i];
            SequenceClass frameClass;
            if (inserted[i] == 1)
            {
                frameClass = SequenceClass.Accepted;
            }
            else
            {
                await using var lookup = Command(connection, transaction, "SELECT hash FROM telemetry_frames WHERE device = @a AND boot = @b AND seq = @c",
                    ("a", frame.DeviceId), ("b", (long)frame.Boot), ("c", (long)frame.Seq));
                frameClass = SequenceRule.Classify((byte[]?)await lookup.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), frame.Hash.Span);
            }

            outcomes.Add(frameClass);
            if (frameClass == SequenceClass.Accepted)
            {
                readings += frame.Readings;
                points.AddRange(frame.Points);
            }
            else if (frameClass == SequenceClass.Duplicate)
            {
                duplicates++;
            }
            else
            {
                conflicts++;
            }
        }

        await InsertPointsAsync(connection, transaction, points, cancellationToken).ConfigureAwait(false);
        await InsertPointsAsync(connection, transaction, batch.GatewayPoints, cancellationToken).ConfigureAwait(false);
        foreach (var gap in batch.Gaps)
        {
            await ExecuteAsync(connection, transaction,
                "INSERT INTO telemetry_gaps (gateway, device, boot, first_seq, last_seq, readings, batch_seq) VALUES (@g, @a, @b, @f, @l, @r, @s)", cancellationToken,
                ("g", batch.GatewayId), ("a", gap.DeviceId), ("b", (long)gap.Boot), ("f", (long)gap.FirstSeq), ("l", (long)gap.LastSeq), ("r", gap.Readings), ("s", unchecked((long)batch.Seq))).ConfigureAwait(false);
        }

        foreach (var state in batch.States)
        {
            await ExecuteAsync(connection, transaction, "INSERT INTO device_states (gateway, device, online, time_ms) VALUES (@g, @a, @o, @t)", cancellationToken,
                ("g", batch.GatewayId), ("a", state.DeviceId), ("o", state.Online ? 1L : 0L), ("t", state.TimeMs)).ConfigureAwait(false);
        }

        var reusedBoots = await BootReuseJournal.WriteAsync(connection, transaction, batch, highestBoots, outcomes, cancellationToken).ConfigureAwait(false);
        await DeviceNodeJournal.WriteAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        await NodeSeenJournal.WriteAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        await GatewayStatusJournal.WriteAsync(connection, transaction, batch, cancellationToken).ConfigureAwait(false);
        await AddAsync(connection, transaction, BatchesStored, 1, cancellationToken).ConfigureAwait(false);
        await AddAsync(connection, transaction, ReadingsStored, readings, cancellationToken).ConfigureAwait(false);
        await AddAsync(connection, transaction, FrameDuplicates, duplicates, cancellationToken).ConfigureAwait(false);
        await AddAsync(connection, transaction, FrameConflicts, conflicts, cancellationToken).ConfigureAwait(false);
        await AddAsync(connection, transaction, ReadingsLost, batch.Gaps.Sum(g => g.Readings), cancellationToken).ConfigureAwait(false);
        return new BatchCommitResult(SequenceClass.Accepted, outcomes, reusedBoots);
    }

    /// <summary>Reads the counters.</summary>
    public static async Task<TelemetryStats> ReadStatsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, long>();
        await using var command = Command(connection, null, "SELECT name, value FROM telemetry_counters");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            values[reader.GetString(0)] = reader.GetInt64(1);
        }

        long Get(string name) => values.GetValueOrDefault(name);
        return new TelemetryStats(Get(ReadingsStored), Get(BatchesStored), Get(BatchDuplicates), Get(BatchConflicts), Get(FrameDuplicates), Get(FrameConflicts), Get(ReadingsLost));
    }

    /// <summary>Reads rows of one source and channel in a time range.</summary>
    public static async Task<IReadOnlyList<TelemetryPoint>> ReadPointsAsync(DbConnection connection, string source, string channel, long fromMs, long toMs, int maxCount, CancellationToken cancellationToken)
    {
        var points = new List<TelemetryPoint>();
        await using var command = Command(connection, null,
            "SELECT unit, exponent, time_ms, length_ms, n_readings, min_value, max_value, mean_value, var_value FROM telemetry_points " +
            "WHERE source = @s AND channel = @c AND time_ms >= @f AND time_ms < @t ORDER BY time_ms LIMIT @n",
            ("s", source), ("c", channel), ("f", fromMs), ("t", toMs), ("n", (long)maxCount));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            points.Add(new TelemetryPoint(source, channel, reader.GetString(0), (int)reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8)));
        }

        return points;
    }

    /// <summary>Reads one page of window summaries in a time range (see <see cref="ITelemetryWindowReader"/>).</summary>
    public static async Task<TelemetryWindowPage> ReadWindowSummariesAsync(DbConnection connection, long fromMs, long toMs, TelemetryWindowCursor? after, int maxCount,
        CancellationToken cancellationToken)
    {
        var sql = "SELECT source, channel, unit, exponent, time_ms, length_ms, n_readings, min_value, max_value, mean_value, var_value FROM telemetry_points " +
            "WHERE length_ms > 0 AND time_ms >= @f AND time_ms < @t " +
            (after is null ? "" : "AND (time_ms > @kt OR (time_ms = @kt AND (source > @ks OR (source = @ks AND channel > @kc)))) ") +
            "ORDER BY time_ms, source, channel LIMIT @n";
        (string, object)[] parameters = after is null
            ? [("f", fromMs), ("t", toMs), ("n", (long)maxCount)]
            : [("f", fromMs), ("t", toMs), ("n", (long)maxCount), ("kt", after.TimeMs), ("ks", after.Source), ("kc", after.Channel)];
        var windows = new List<TelemetryPoint>();
        var rows = 0;
        TelemetryPoint? last = null;
        await using var command = Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows++;
            var point = new TelemetryPoint(reader.GetString(0), reader.GetString(1), reader.GetString(2), (int)reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5),
                reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9), reader.GetInt64(10));
            // the same key twice is one window stored twice: keep one (the cursor skips the rest on the next page)
            if (last is null || last.TimeMs != point.TimeMs || last.Source != point.Source || last.Channel != point.Channel) windows.Add(point);
            last = point;
        }

        return new TelemetryWindowPage(windows, rows < maxCount || last is null ? null : new TelemetryWindowCursor(last.TimeMs, last.Source, last.Channel));
    }

    /// <summary>Reads every device boot's sequence account (see <see cref="ITelemetrySequenceReader"/>).</summary>
    public static async Task<IReadOnlyList<SequenceAccount>> ReadSequenceAccountsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        const string sql = "SELECT device, boot, COUNT(*), SUM(CASE WHEN type <> 3 THEN 1 ELSE 0 END), MAX(seq), SUM(readings) FROM telemetry_frames " +
            "GROUP BY device, boot ORDER BY device, boot";
        var accounts = new List<SequenceAccount>();
        await using var command = Command(connection, null, sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.Add(new SequenceAccount(reader.GetString(0), (uint)reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)));
        }

        return accounts;
    }

    /// <summary>Reads the gaps of one device.</summary>
    public static async Task<IReadOnlyList<TelemetryGapRecord>> ReadGapsAsync(DbConnection connection, string deviceId, CancellationToken cancellationToken)
    {
        var gaps = new List<TelemetryGapRecord>();
        await using var command = Command(connection, null, "SELECT boot, first_seq, last_seq, readings FROM telemetry_gaps WHERE device = @a ORDER BY boot, first_seq", ("a", deviceId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            gaps.Add(new TelemetryGapRecord(deviceId, (uint)reader.GetInt64(0), (uint)reader.GetInt64(1), (uint)reader.GetInt64(2), reader.GetInt64(3)));
        }

        return gaps;
    }

    /// <summary>Builds a command with <c>@name</c> parameters.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<SequenceClass> InsertOnceAsync(DbConnection connection, DbTransaction transaction, string insert, string select, ReadOnlyMemory<byte> hash,
        CancellationToken cancellationToken, params (string Name, object Value)[] key)
    {
        // Insert-or-nothing first: under PostgreSQL a concurrent insert of the same key waits for the other commit, so two
        // replicas never both store it; then the stored hash decides duplicate or conflict.
        await using (var command = Command(connection, transaction, insert, [.. key, ("h", hash.ToArray())]))
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
            {
                return SequenceClass.Accepted;
            }
        }

        await using var lookup = Command(connection, transaction, select, [.. key.Where(p => p.Name is "a" or "b" or "c")]);
        var existing = (byte[]?)await lookup.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return SequenceRule.Classify(existing, hash.Span);
    }

    private static Task InsertPointsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TelemetryPoint> points, CancellationToken cancellationToken) =>
        DbRows.ExecuteEachAsync(connection, transaction,
            "INSERT INTO telemetry_points (source, channel, unit, exponent, time_ms, length_ms, n_readings, min_value, max_value, mean_value, var_value) " +
            "VALUES (@s, @c, @u, @e, @t, @l, @n, @mi, @ma, @me, @v)",
            points.Select(p => new (string, object?)[]
            {
                ("s", p.Source), ("c", p.Channel), ("u", p.Unit), ("e", (long)p.Exponent), ("t", p.TimeMs), ("l", p.LengthMs), ("n", p.Count),
                ("mi", p.Min), ("ma", p.Max), ("me", p.Mean), ("v", p.Variance),
            }), cancellationToken);

    private static Task AddAsync(DbConnection connection, DbTransaction transaction, string counter, long amount, CancellationToken cancellationToken) =>
        amount == 0 ? Task.CompletedTask : ExecuteAsync(connection, transaction,
            "INSERT INTO telemetry_counters (name, value) VALUES (@n, @v) ON CONFLICT (name) DO UPDATE SET value = telemetry_counters.value + excluded.value",
            cancellationToken, ("n", counter), ("v", amount));

    /// <summary>Runs one statement with <c>@name</c> parameters.</summary>
    public static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
