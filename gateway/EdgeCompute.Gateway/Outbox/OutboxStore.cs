using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// The gateway's durable outbox: a SQLite file (WAL) holding device frames and state changes until a batch carries
/// them, and each batch (its exact sealed bytes, under its gateway seq) until a coordinator-signed ack names it.
/// </summary>
/// <remarks>
/// Every write goes through one writer that commits all waiting operations in one transaction (group commit) before
/// completing any of them, so an awaited append is durable. Frames are unique on (device, boot, seq): a duplicate with
/// the same bytes is reported as <see cref="AppendOutcome.Duplicate"/> and stored once, one with different bytes is a
/// counted <see cref="AppendOutcome.Conflict"/>. The gateway boot counter lives in the file and grows on every open.
/// The gateway's own sensor windows arrive through <see cref="IGatewayTelemetrySink"/> (item kind 2) and are evicted
/// with the oldest device telemetry; the gateway's own task results (item kind 6) are never evicted.
/// </remarks>
public sealed class OutboxStore : IAsyncDisposable, IGatewayTelemetrySink
{
    private readonly OutboxSession _session;
    private readonly GroupCommitWriter _writer;
    private readonly TimeProvider _time;
    private readonly TimeSpan _commitTimeout;
    private int _taskResultStored;

    private OutboxStore(OutboxSession session, uint boot, OutboxOptions options, TimeProvider time, ILogger logger)
    {
        _session = session;
        Boot = boot;
        _time = time;
        _commitTimeout = options.CommitTimeout;
        _writer = new GroupCommitWriter(session, options.MaxGroupSize, logger, time);
    }

    /// <summary>Gets this run's gateway boot counter (one more than the previous open of the same file).</summary>
    public uint Boot { get; }

    /// <summary>Gets the budget eviction keeps to: <see cref="OutboxOptions.MaxBytes"/>, or less when capped to the free space at open.</summary>
    public long MaxBytes => _session.MaxBytes;

    /// <summary>Gets whether new items are refused now because the disk under the outbox is full.</summary>
    public bool IsDiskFull => _session.DiskFull.IsFull;

    /// <summary>Gets the operations waiting for the writer, not yet in a group (tests watch it).</summary>
    internal int QueuedOperations => _writer.Queued;

    /// <summary>Gets the number of items waiting for a batch.</summary>
    public long PendingItems => _session.PendingItems;

    /// <summary>Gets the number of batches waiting for an ack.</summary>
    public long UnackedBatches => _session.UnackedBatches;

    /// <summary>Gets when the oldest item waiting for a batch was stored, or null when none waits.</summary>
    public DateTimeOffset? OldestPendingAt => _session.OldestPendingMs is >= 0 and var ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    /// <summary>
    /// Opens (or creates) the outbox file and increments the gateway boot counter stored in it. The budget is checked
    /// against the free space of the file's filesystem first (<see cref="OutboxOptions.FreeSpaceShare"/>): capped below
    /// it when needed, and said in the log.
    /// </summary>
    /// <param name="path">The database file.</param>
    /// <param name="options">The outbox settings.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The open outbox.</returns>
    /// <exception cref="IOException">The filesystem has too little room for an outbox (the message says how much), or the file cannot be written.</exception>
    public static OutboxStore Open(string path, OutboxOptions options, TimeProvider? time = null, ILogger<OutboxStore>? logger = null) =>
        Open(path, options, time, logger, autoCheckpointPages: null);

    /// <summary>
    /// Opens the outbox; tests turn automatic checkpoints off (<paramref name="autoCheckpointPages"/> 0) so a copy of the
    /// files taken mid-run is a crash image, give the free space (<paramref name="freeSpace"/>) instead of reading it, or
    /// cap the database file (<paramref name="maxPageCount"/>, SQLite's <c>max_page_count</c>) to play a full disk.
    /// </summary>
    internal static OutboxStore Open(string path, OutboxOptions options, TimeProvider? time, ILogger? logger, int? autoCheckpointPages, Func<string, long>? freeSpace = null,
        int? maxPageCount = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var reservePath = fullPath + ".reserve";
        var own = new[] { fullPath, fullPath + "-wal", fullPath + "-shm", reservePath }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
        var budget = OutboxBudget.Plan(options, (freeSpace ?? FreeSpace)(folder), own);
        if (budget.IsCapped && budget.MaxBytes < OutboxBudget.MinimumBytes)
        {
            throw new IOException($"the filesystem of {folder} has {budget.AvailableBytes} bytes for the outbox (free space and its own files), too little: " +
                $"it needs room for at least {OutboxBudget.MinimumBytes} bytes of budget (GatewayOptions:Outbox:FreeSpaceShare {options.FreeSpaceShare} of it, after the WAL and the reserve)");
        }

        if (budget.IsCapped)
        {
            logger.LogWarning(
                "Outbox budget capped to {MaxBytes} bytes (GatewayOptions:Outbox:MaxBytes asks {Configured}): the filesystem of {Folder} has {Available} bytes for it, of which FreeSpaceShare {Share} after {Reserve} bytes of reserve and the WAL; the oldest telemetry is evicted from there on, before the disk fills",
                budget.MaxBytes, budget.ConfiguredMaxBytes, folder, budget.AvailableBytes, options.FreeSpaceShare, budget.ReserveBytes);
        }

        var reserveBytes = maxPageCount is { } cap ? Math.Min(budget.ReserveBytes, (long)cap * OutboxBudget.PageSize / 8) : budget.ReserveBytes;
        var reserve = new DiskReserve(reservePath, reserveBytes);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        OutboxSchema.Apply(connection, options.SyncEveryCommit, autoCheckpointPages ?? budget.WalCheckpointPages);
        if (maxPageCount is { } pages)
        {
            OutboxSchema.Execute(connection, $"PRAGMA max_page_count={pages};");
        }

        var session = new OutboxSession(connection, budget.MaxBytes, reserve);
        session.Begin();
        var boot = session.NextBoot();
        session.Commit();
        time ??= TimeProvider.System;
        session.TakeReserve(time.GetUtcNow().ToUnixTimeMilliseconds());
        return new OutboxStore(session, boot, options, time, logger);
    }

    private static long FreeSpace(string folder) => new DriveInfo(folder).AvailableFreeSpace;

    /// <summary>Durably appends a device frame (its bytes exactly as published); completes after the commit.</summary>
    /// <param name="frame">The decoded frame (for its key and type).</param>
    /// <param name="bytes">The bytes as the device published them.</param>
    /// <param name="readings">The readings the frame accounts for (kept to report a gap if it is evicted).</param>
    /// <param name="cancellationToken">Cancels the wait (the append may still commit).</param>
    /// <returns>Stored, duplicate, conflict or full.</returns>
    public Task<AppendResult> AppendFrameAsync(DeviceFrame frame, ReadOnlyMemory<byte> bytes, long readings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return WaitAsync(_writer.Run(s => new AppendResult(s.AppendFrame(frame, bytes, readings, now))), cancellationToken);
    }

    /// <summary>Durably appends a device state change (batch item kind 3).</summary>
    /// <param name="deviceId">The device.</param>
    /// <param name="online">Whether it came online.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Stored or full.</returns>
    public Task<AppendResult> AppendStateAsync(string deviceId, bool online, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return WaitAsync(_writer.Run(s => new AppendResult(s.AppendState(deviceId, online, now, now))), cancellationToken);
    }

    /// <summary>
    /// Durably appends a task handed back for reissue (batch item kind 5), so it goes upstream in the next batch. Like
    /// results, returned tasks are never evicted.
    /// </summary>
    /// <param name="item">The returned task.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Stored or full.</returns>
    public Task<AppendResult> AppendTaskReturnedAsync(TaskReturnedItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ProtocolId.Validate(item.TaskId, "task id");
        ProtocolId.Validate(item.DeviceId, "device id");
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return WaitAsync(_writer.Run(s => new AppendResult(s.AppendTaskReturned(item, now))), cancellationToken);
    }

    /// <summary>
    /// Durably appends a window summary of the gateway's own sensors (batch item kind 2, the SenML pack of
    /// <see cref="WindowSummaryCodec"/>). It is telemetry: when the outbox is full it is evicted with the oldest device
    /// telemetry, counted in the evicted frames and readings (it has no device seq, so no gap item).
    /// </summary>
    /// <param name="summary">The summary; its source id is the gateway id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Stored or full.</returns>
    /// <exception cref="ArgumentException">The summary breaks the spec.</exception>
    public Task<AppendResult> AppendGatewayTelemetryAsync(WindowSummary summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var pack = WindowSummaryCodec.Encode(summary);
        var readings = summary.Channels.Sum(c => c.Count);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return WaitAsync(_writer.Run(s => new AppendResult(s.AppendGatewayTelemetry(pack, readings, now))), cancellationToken);
    }

    /// <summary>
    /// Durably appends the result of a task the gateway ran itself (batch item kind 6). Like device results, these are
    /// never evicted.
    /// </summary>
    /// <param name="item">The result.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Stored or full.</returns>
    /// <exception cref="ArgumentException">The task id is invalid, or the output breaks the item's rules.</exception>
    public Task<AppendResult> AppendGatewayTaskResultAsync(GatewayTaskResultItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        ProtocolId.Validate(item.TaskId, "task id");
        if (item.Output.Length > GatewayTaskResultItem.MaxOutputBytes || (item.Status != GatewayTaskStatus.Ok && !item.Output.IsEmpty))
        {
            throw new ArgumentException($"the output must be empty unless the status is Ok, and at most {GatewayTaskResultItem.MaxOutputBytes} bytes", nameof(item));
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return NoteTaskResultAsync(WaitAsync(_writer.Run(s => new AppendResult(s.AppendGatewayTaskResult(item, now))), cancellationToken));
    }

    /// <summary>
    /// Takes the note that a gateway task result was stored since the last take, so the uplink cuts a batch for it at once
    /// (<see cref="Configuration.BatchingOptions.CutOnTaskResult"/>).
    /// </summary>
    /// <returns>Whether a result was stored since the last take.</returns>
    public bool TakeTaskResultStored() => Interlocked.Exchange(ref _taskResultStored, 0) == 1;

    private async Task<AppendResult> NoteTaskResultAsync(Task<AppendResult> append)
    {
        var appended = await append.ConfigureAwait(false);
        if (appended.Outcome == AppendOutcome.Stored)
        {
            Volatile.Write(ref _taskResultStored, 1);
        }

        return appended;
    }

    /// <summary>Stores a gateway window (<see cref="AppendGatewayTelemetryAsync"/>); a full outbox throws, so the sampler counts the window lost.</summary>
    /// <param name="summary">The summary; its source id is the gateway id.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Completes once the window is durable.</returns>
    /// <exception cref="InvalidOperationException">The outbox is full of results and batches.</exception>
    async ValueTask IGatewayTelemetrySink.PublishAsync(WindowSummary summary, CancellationToken cancellationToken)
    {
        var appended = await AppendGatewayTelemetryAsync(summary, cancellationToken).ConfigureAwait(false);
        if (appended.Outcome != AppendOutcome.Stored)
        {
            throw new InvalidOperationException($"the outbox could not store the gateway window: {appended.Outcome}");
        }
    }

    /// <summary>
    /// Cuts the next batch from the oldest waiting items and stores it, sealed, under the next gateway seq before it is
    /// ever sent. <paramref name="seal"/> runs inside the transaction and returns the encoded batch message.
    /// </summary>
    /// <param name="maxRawBytes">The most raw body bytes.</param>
    /// <param name="maxItems">The most items.</param>
    /// <param name="allowEmpty">Whether a batch with no items (status only) may be cut.</param>
    /// <param name="seal">Builds the message from the boot, seq and items.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The stored batch, or null when nothing waits and <paramref name="allowEmpty"/> is false.</returns>
    public Task<OutboxBatch?> CutBatchAsync(int maxRawBytes, int maxItems, bool allowEmpty, Func<uint, ulong, IReadOnlyList<BatchItem>, byte[]> seal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seal);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return WaitAsync(_writer.Run(s => s.CutBatch(maxRawBytes, maxItems, allowEmpty, now, seal)), cancellationToken);
    }

    /// <summary>Lists the batches waiting for an ack, oldest first (after a restart these are resent unchanged).</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The batches.</returns>
    public Task<List<OutboxBatch>> UnackedBatchesAsync(CancellationToken cancellationToken = default) =>
        WaitAsync(_writer.Run(s => s.UnackedBatchList()), cancellationToken);

    /// <summary>Records that a batch was sent (for the resend timer and the attempt count).</summary>
    /// <param name="boot">The batch's boot.</param>
    /// <param name="seq">The batch's seq.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes after the commit.</returns>
    public Task MarkSentAsync(uint boot, ulong seq, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        return WaitAsync(_writer.Run(s => { s.MarkSent(boot, seq, now); return true; }), cancellationToken);
    }

    /// <summary>
    /// Deletes the batches a verified coordinator ack names (and their items). Call only with an ack whose signature was
    /// verified: this is the one place outbox data is deleted other than eviction.
    /// </summary>
    /// <param name="ack">The verified ack.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>How many batches were deleted as stored, and how many as rejected.</returns>
    public Task<(int Stored, int Rejected)> AcknowledgeAsync(CoordinatorAck ack, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ack);
        return WaitAsync(_writer.Run(s => (s.DeleteBatches(ack.Boot, ack.Stored, stored: true), s.DeleteBatches(ack.Boot, ack.Rejected, stored: false))), cancellationToken);
    }

    /// <summary>Takes a snapshot of the outbox's sizes and counters.</summary>
    /// <returns>The snapshot.</returns>
    public OutboxCounters Counters() => new(
        _session.PendingItems,
        _session.UnackedBatches,
        _session.Bytes,
        Interlocked.Read(ref _session.Stored),
        Interlocked.Read(ref _session.Duplicates),
        Interlocked.Read(ref _session.Conflicts),
        Interlocked.Read(ref _session.Full),
        Interlocked.Read(ref _session.EvictedFrames),
        Interlocked.Read(ref _session.EvictedReadings),
        Interlocked.Read(ref _session.Commits),
        Interlocked.Read(ref _session.Acknowledged),
        Interlocked.Read(ref _session.RejectedUpstream),
        _session.DiskFull.Refused,
        _session.DiskFull.IsFull,
        _session.MaxBytes);

    /// <summary>Finishes the queued writes and closes the file.</summary>
    /// <returns>A task that completes when closed.</returns>
    public async ValueTask DisposeAsync()
    {
        await _writer.DisposeAsync().ConfigureAwait(false);
        _session.Dispose();
    }

    private Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken) =>
        task.WaitAsync(_commitTimeout, _time, cancellationToken);
}
