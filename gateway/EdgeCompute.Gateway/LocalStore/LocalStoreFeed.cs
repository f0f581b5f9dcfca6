using System.Threading.Channels;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.LocalStore;

/// <summary>
/// Feeds the <see cref="LocalWindowStore"/> off the ingest path: device window summaries (frames of type 1, decoded
/// from their SenML body) and the gateway's own windows are queued and written in groups by one loop, so a device's
/// PUBACK never waits for the local store. Raw-sample frames (type 2) are not kept locally: they have no window, and
/// summarising one frame would invent window boundaries the device never used. The store is pruned (retention and byte
/// bound) every <c>pruneInterval</c> on the <see cref="TimeProvider"/>'s timer.
/// </summary>
/// <remarks>
/// The local store is a convenience copy, never the record: when the queue is full the oldest queued window is dropped
/// and counted, and a failed write is logged and counted; the outbox path is unaffected either way.
/// </remarks>
public sealed class LocalStoreFeed : IStoredFrameObserver, IAsyncDisposable
{
    /// <summary>Windows that may wait for the writer before the oldest is dropped.</summary>
    public const int QueueCapacity = 10_000;

    private const int MaxGroup = 500;
    private readonly LocalWindowStore _store;
    private readonly ILogger _logger;
    private readonly Channel<WindowSummary> _queue;
    private readonly ITimer _pruneTimer;
    private readonly Task _loop;
    private long _queued;
    private long _written;
    private long _dropped;
    private long _failures;

    /// <summary>Starts the writer loop and the prune timer.</summary>
    /// <param name="store">The local store (not owned).</param>
    /// <param name="pruneInterval">How often to prune.</param>
    /// <param name="time">The clock of the prune timer.</param>
    /// <param name="logger">The log.</param>
    public LocalStoreFeed(LocalWindowStore store, TimeSpan pruneInterval, TimeProvider time, ILogger<LocalStoreFeed> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pruneInterval, TimeSpan.Zero);
        _store = store;
        _logger = logger;
        _queue = Channel.CreateBounded<WindowSummary>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _loop = Task.Run(WriteLoopAsync);
        _pruneTimer = time.CreateTimer(_ => _ = PruneAsync(), null, pruneInterval, pruneInterval);
    }

    /// <summary>Gets how many windows were queued.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    /// <summary>Gets how many windows were written (stored or found already present).</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Gets how many windows were dropped (queue full, or the write failed).</summary>
    public long Dropped => Interlocked.Read(ref _dropped) + Interlocked.Read(ref _failures);

    /// <summary>Queues one window; returns at once.</summary>
    /// <param name="summary">The window (a device's, or the gateway's own).</param>
    public void Post(WindowSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (_queue.Writer.TryWrite(summary))
        {
            Interlocked.Increment(ref _queued);
        }
    }

    /// <summary>Queues the window summary of a newly stored device frame of type 1; other frames are ignored.</summary>
    /// <param name="frame">The frame.</param>
    public void OnStored(DeviceFrame frame) => OnStored(frame, null);

    /// <summary>Queues the window summary of a newly stored device frame of type 1 (decoded by ingest, or here when not given).</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="summary">Its window summary, already decoded by ingest; null to decode it here.</param>
    public void OnStored(DeviceFrame frame, WindowSummary? summary)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Type != FrameType.WindowSummary)
        {
            return;
        }

        if (summary is not null || WindowSummaryCodec.Decode(frame.Body).TryGetValue(out summary))
        {
            Post(summary);
        }
    }

    /// <summary>Stops the timer, writes what is queued and stops the loop.</summary>
    /// <returns>Completes when the queue is written.</returns>
    public async ValueTask DisposeAsync()
    {
        await _pruneTimer.DisposeAsync().ConfigureAwait(false);
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<WindowSummary>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var summary))
            {
                group.Add(summary);
            }

            try
            {
                await _store.StoreAsync(group).ConfigureAwait(false);
                Interlocked.Add(ref _written, group.Count);
            }
            catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException)
            {
                Interlocked.Add(ref _failures, group.Count);
                _logger.LogWarning(e, "Local data store: {Count} windows not written", group.Count);
            }
        }
    }

    private async Task PruneAsync()
    {
        try
        {
            var pruned = await _store.PruneAsync().ConfigureAwait(false);
            if (pruned > 0)
            {
                _logger.LogInformation("Local data store: pruned {Pruned} channel windows (retention or size bound)", pruned);
            }
        }
        catch (Exception e) when (e is SqliteException or IOException or ObjectDisposedException)
        {
            _logger.LogWarning(e, "Local data store: pruning failed");
        }
    }
}
