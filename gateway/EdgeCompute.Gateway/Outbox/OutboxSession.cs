using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Sequencing;
using Microsoft.Data.Sqlite;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// The outbox's SQL work on its one connection, run only by the <see cref="GroupCommitWriter"/> thread. Keeps the
/// sizes and counters in memory; after a rollback they are reloaded from the database.
/// </summary>
internal sealed class OutboxSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly long _maxBytes;
    private readonly TelemetryEviction _eviction;
    private readonly DiskReserve? _reserve;
    private readonly FrameAppendCommands _frameCommands;
    private SqliteTransaction? _transaction;
    private bool _appendedInTransaction;
    private long _reserveTriedMs = long.MinValue;
    private long _pendingItems;
    private long _unackedBatches;
    private long _bytes;
    private long _oldestPendingMs = -1;

    public OutboxSession(SqliteConnection connection, long maxBytes, DiskReserve? reserve = null)
    {
        _connection = connection;
        _maxBytes = maxBytes;
        _reserve = reserve;
        _eviction = new TelemetryEviction(this);
        _frameCommands = new FrameAppendCommands(connection);
        Reload();
    }

    public long Stored;
    public long Duplicates;
    public long Conflicts;
    public long Full;
    public long EvictedFrames;
    public long EvictedReadings;
    public long Commits;
    public long Acknowledged;
    public long RejectedUpstream;

    public long PendingItems => Volatile.Read(ref _pendingItems);

    public long UnackedBatches => Volatile.Read(ref _unackedBatches);

    public long Bytes => Volatile.Read(ref _bytes);

    public long OldestPendingMs => Volatile.Read(ref _oldestPendingMs);

    public long MaxBytes => _maxBytes;

    /// <summary>Gets the full-disk state (new items refused while it lasts).</summary>
    public DiskFullState DiskFull { get; } = new();

    public SqliteConnection Connection => _connection;

    public SqliteTransaction? Transaction => _transaction;

    public void Begin()
    {
        _appendedInTransaction = false;
        _transaction = _connection.BeginTransaction();
    }

    public void Commit()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
        Interlocked.Increment(ref Commits);
    }

    public void Rollback()
    {
        try
        {
            _transaction?.Rollback();
        }
        catch (SqliteException)
        {
            // The transaction is already gone; the reload below restores the in-memory view either way.
        }

        _transaction?.Dispose();
        _transaction = null;
        Reload();
    }

    /// <summary>SQLite reported the disk full: refuse new items for now and give up the reserve (outside a transaction).</summary>
    /// <returns>Whether this starts a new episode, and the bytes the reserve gave back.</returns>
    public (bool Entered, long Released) OnDiskFull(long nowMs)
    {
        var entered = DiskFull.Entered(nowMs);
        return (entered, _reserve?.Release(this) ?? 0);
    }

    /// <summary>Takes the reserve when it is not held (at open, and after a drain).</summary>
    public void TakeReserve(long nowMs)
    {
        _reserveTriedMs = nowMs;
        _reserve?.TryTake(this);
    }

    /// <summary>
    /// After a commit: ends a full-disk episode when a delete made room or an append went through, and takes the reserve
    /// again (at most once a minute) once the outbox holds less than half its budget.
    /// </summary>
    /// <returns>Whether a full-disk episode ended.</returns>
    public bool AfterCommit(long nowMs)
    {
        var ended = DiskFull.Committed(_appendedInTransaction);
        if (_reserve is not null && !DiskFull.IsFull && nowMs - _reserveTriedMs >= 60_000 && Bytes < _maxBytes / 2 && !_reserve.IsHeld(this))
        {
            TakeReserve(nowMs);
        }

        return ended;
    }

    public uint NextBoot()
    {
        var boot = (uint)(long)(Scalar("SELECT value FROM meta WHERE key = 'boot'") ?? 0L) + 1;
        Execute("INSERT INTO meta (key, value) VALUES ('boot', $v) ON CONFLICT (key) DO UPDATE SET value = $v", ("$v", (long)boot));
        Execute("INSERT INTO meta (key, value) VALUES ('batch_seq', 0) ON CONFLICT (key) DO UPDATE SET value = 0");
        return boot;
    }

    public AppendOutcome AppendFrame(DeviceFrame frame, ReadOnlyMemory<byte> bytes, long readings, long nowMs)
    {
        Span<byte> hash = stackalloc byte[PayloadHash.Length];
        PayloadHash.Write(bytes.Span, hash);
        var existing = _frameCommands.StoredHash(frame);
        switch (SequenceRule.Classify(existing, hash))
        {
            case SequenceClass.Duplicate:
                Interlocked.Increment(ref Duplicates);
                return AppendOutcome.Duplicate;
            case SequenceClass.Conflict:
                Interlocked.Increment(ref Conflicts);
                return AppendOutcome.Conflict;
        }

        var size = OutboxSize.Of(bytes.Length + PayloadHash.Length);
        if (Admit(size, nowMs) is { } refused)
        {
            return refused;
        }

        _frameCommands.Insert(frame, bytes.Span, readings, hash, size, nowMs);
        Added(size, nowMs);
        return AppendOutcome.Stored;
    }

    public AppendOutcome AppendState(string deviceId, bool online, long timeMs, long nowMs)
    {
        var size = OutboxSize.Of(deviceId.Length + 9);
        if (Admit(size, nowMs) is { } refused)
        {
            return refused;
        }

        Execute(
            "INSERT INTO items (kind, device, online, time_ms, size, created_ms) VALUES (3, $d, $o, $t, $z, $c)",
            ("$d", deviceId), ("$o", online ? 1L : 0L), ("$t", timeMs), ("$z", size), ("$c", nowMs));
        Added(size, nowMs);
        return AppendOutcome.Stored;
    }

    public AppendOutcome AppendTaskReturned(TaskReturnedItem item, long nowMs)
    {
        var size = OutboxSize.Of(item.TaskId.Length + item.DeviceId.Length + 16);
        if (Admit(size, nowMs) is { } refused)
        {
            return refused;
        }

        Execute(
            "INSERT INTO items (kind, device, seq, task, reason, size, created_ms) VALUES (5, $d, $s, $k, $r, $z, $c)",
            ("$d", item.DeviceId), ("$s", (long)item.Slot), ("$k", item.TaskId), ("$r", (long)item.Reason), ("$z", size), ("$c", nowMs));
        Added(size, nowMs);
        return AppendOutcome.Stored;
    }

    public AppendOutcome AppendGatewayTelemetry(byte[] pack, long readings, long nowMs)
    {
        var size = OutboxSize.Of(pack.Length);
        if (Admit(size, nowMs) is { } refused)
        {
            return refused;
        }

        Execute(
            "INSERT INTO items (kind, device, readings, payload, size, created_ms) VALUES (2, '', $r, $p, $z, $c)",
            ("$r", readings), ("$p", pack), ("$z", size), ("$c", nowMs));
        Added(size, nowMs);
        return AppendOutcome.Stored;
    }

    public AppendOutcome AppendGatewayTaskResult(GatewayTaskResultItem item, long nowMs)
    {
        var size = OutboxSize.Of(item.TaskId.Length + item.Output.Length + 32);
        if (Admit(size, nowMs) is { } refused)
        {
            return refused;
        }

        // An output blob (item kind 7) keeps its SHA-256 in hash and its size in readings; the row stays kind 6, never evicted.
        var blob = item.OutputBlob;
        Execute(
            "INSERT INTO items (kind, device, seq, task, reason, fuel, payload, hash, readings, size, created_ms) VALUES (6, '', $s, $k, $r, $f, $p, $h, $n, $z, $c)",
            ("$s", (long)item.Slot), ("$k", item.TaskId), ("$r", (long)item.Status), ("$f", unchecked((long)item.Fuel)), ("$p", item.Output.ToArray()),
            ("$h", blob is null ? DBNull.Value : Convert.FromHexString(blob.Sha256)), ("$n", blob is null ? 0L : (long)blob.Size), ("$z", size), ("$c", nowMs));
        Added(size, nowMs);
        return AppendOutcome.Stored;
    }

    /// <summary>
    /// Extends the pending gap item of the same device boot that ends just before <paramref name="gap"/> starts, so a long
    /// outage past the bound leaves one gap item per device boot instead of one per eviction; false when there is none.
    /// </summary>
    public bool ExtendGap(TelemetryGapItem gap) => gap.FirstSeq > 0 && Execute(
        "UPDATE items SET last_seq = $l, readings = readings + $r WHERE kind = 4 AND device = $d AND boot = $b AND last_seq = $e AND batch_seq IS NULL",
        ("$d", gap.DeviceId), ("$b", (long)gap.Boot), ("$e", (long)gap.FirstSeq - 1), ("$l", (long)gap.LastSeq), ("$r", (long)gap.Readings)) > 0;

    public void AppendGap(TelemetryGapItem gap, long nowMs)
    {
        var size = OutboxSize.Of(gap.DeviceId.Length + 24);
        Execute(
            "INSERT INTO items (kind, device, boot, seq, last_seq, readings, size, created_ms) VALUES (4, $d, $b, $s, $l, $r, $z, $c)",
            ("$d", gap.DeviceId), ("$b", (long)gap.Boot), ("$s", (long)gap.FirstSeq), ("$l", (long)gap.LastSeq), ("$r", (long)gap.Readings),
            ("$z", size), ("$c", nowMs));
        Added(size, nowMs);
    }

    /// <summary>Null when <paramref name="size"/> more bytes may be stored now, else why not (the disk full, or nothing left to evict).</summary>
    private AppendOutcome? Admit(long size, long nowMs) =>
        DiskFull.Refuse(nowMs) ? AppendOutcome.DiskFull : MakeRoom(size) ? null : AppendOutcome.Full;

    /// <summary>Frees space for <paramref name="size"/> more bytes by evicting the oldest telemetry; false when it cannot.</summary>
    private bool MakeRoom(long size)
    {
        if (_bytes + size <= _maxBytes)
        {
            return true;
        }

        // Gap items take a little room themselves, so evict with some to spare, and again if that was not enough.
        for (var pass = 0; pass < 4 && _bytes + size > _maxBytes; pass++)
        {
            _eviction.Evict(_bytes + size - _maxBytes + 512);
        }

        if (_bytes + size <= _maxBytes)
        {
            return true;
        }

        Interlocked.Increment(ref Full);
        return false;
    }

    internal void Removed(long items, long size, bool pending)
    {
        if (pending)
        {
            Interlocked.Add(ref _pendingItems, -items);
        }

        Interlocked.Add(ref _bytes, -size);
    }

    internal void RefreshOldestPending() =>
        Volatile.Write(ref _oldestPendingMs, Scalar("SELECT MIN(created_ms) FROM items WHERE batch_seq IS NULL") is long ms ? ms : -1);

    private void Added(long size, long nowMs)
    {
        _appendedInTransaction = true;
        Interlocked.Increment(ref Stored);
        if (Interlocked.Increment(ref _pendingItems) == 1)
        {
            Volatile.Write(ref _oldestPendingMs, nowMs);
        }

        Interlocked.Add(ref _bytes, size);
    }

    public OutboxBatch? CutBatch(int maxRawBytes, int maxItems, bool allowEmpty, long nowMs, Func<uint, ulong, IReadOnlyList<BatchItem>, byte[]> seal)
    {
        var (ids, items) = BatchSelection.Select(this, maxRawBytes, maxItems);
        if (items.Count == 0 && !allowEmpty)
        {
            return null;
        }

        var boot = (uint)(long)Scalar("SELECT value FROM meta WHERE key = 'boot'")!;
        var seq = (ulong)(long)Scalar("SELECT value FROM meta WHERE key = 'batch_seq'")! + 1;
        Execute("UPDATE meta SET value = $v WHERE key = 'batch_seq'", ("$v", (long)seq));
        var message = seal(boot, seq, items);
        var size = OutboxSize.Of(message.Length);
        Execute(
            "INSERT INTO batches (boot, seq, message, item_count, size, created_ms) VALUES ($b, $s, $m, $n, $z, $c)",
            ("$b", (long)boot), ("$s", (long)seq), ("$m", message), ("$n", (long)items.Count), ("$z", size), ("$c", nowMs));
        using (var command = Command("UPDATE items SET batch_boot = $b, batch_seq = $s WHERE id = $i", ("$b", (long)boot), ("$s", (long)seq), ("$i", 0L)))
        {
            foreach (var id in ids)
            {
                command.Parameters["$i"].Value = id;
                command.ExecuteNonQuery();
            }
        }

        Interlocked.Add(ref _pendingItems, -items.Count);
        Interlocked.Increment(ref _unackedBatches);
        Interlocked.Add(ref _bytes, size);
        RefreshOldestPending();
        return new OutboxBatch(boot, seq, message, items.Count, null, 0);
    }

    public List<OutboxBatch> UnackedBatchList()
    {
        using var command = Command("SELECT boot, seq, message, item_count, sent_ms, attempts FROM batches ORDER BY boot, seq");
        using var reader = command.ExecuteReader();
        var list = new List<OutboxBatch>();
        while (reader.Read())
        {
            DateTimeOffset? sent = reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4));
            list.Add(new OutboxBatch((uint)reader.GetInt64(0), (ulong)reader.GetInt64(1), (byte[])reader.GetValue(2), reader.GetInt32(3), sent, reader.GetInt32(5)));
        }

        return list;
    }

    public void MarkSent(uint boot, ulong seq, long nowMs) =>
        Execute("UPDATE batches SET sent_ms = $t, attempts = attempts + 1 WHERE boot = $b AND seq = $s", ("$t", nowMs), ("$b", (long)boot), ("$s", (long)seq));

    public int DeleteBatches(uint boot, IReadOnlyList<ulong> seqs, bool stored)
    {
        var deleted = 0;
        foreach (var seq in seqs)
        {
            var size = Scalar("SELECT size FROM batches WHERE boot = $b AND seq = $s", ("$b", (long)boot), ("$s", (long)seq));
            if (size is not long batchSize)
            {
                continue;
            }

            var itemSize = Scalar("SELECT COALESCE(SUM(size), 0) FROM items WHERE batch_boot = $b AND batch_seq = $s", ("$b", (long)boot), ("$s", (long)seq)) as long? ?? 0;
            Execute("DELETE FROM items WHERE batch_boot = $b AND batch_seq = $s", ("$b", (long)boot), ("$s", (long)seq));
            Execute("DELETE FROM batches WHERE boot = $b AND seq = $s", ("$b", (long)boot), ("$s", (long)seq));
            Interlocked.Add(ref _bytes, -(batchSize + itemSize));
            Interlocked.Decrement(ref _unackedBatches);
            if (stored)
            {
                Interlocked.Increment(ref Acknowledged);
            }
            else
            {
                Interlocked.Increment(ref RejectedUpstream);
            }

            deleted++;
        }

        if (deleted > 0)
        {
            DiskFull.RoomMade();
        }

        return deleted;
    }

    private void Reload()
    {
        Volatile.Write(ref _pendingItems, (long)(Scalar("SELECT COUNT(*) FROM items WHERE batch_seq IS NULL") ?? 0L));
        Volatile.Write(ref _unackedBatches, (long)(Scalar("SELECT COUNT(*) FROM batches") ?? 0L));
        var itemBytes = (long)(Scalar("SELECT COALESCE(SUM(size), 0) FROM items") ?? 0L);
        var batchBytes = (long)(Scalar("SELECT COALESCE(SUM(size), 0) FROM batches") ?? 0L);
        Volatile.Write(ref _bytes, itemBytes + batchBytes);
        RefreshOldestPending();
    }

    internal SqliteCommand Command(string sql, params (string Name, object Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = _transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    internal object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    internal int Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _frameCommands.Dispose();
        _transaction?.Dispose();
        _connection.Dispose();
    }
}
