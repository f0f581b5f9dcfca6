using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// The outbox's single writer: takes every operation waiting, runs them in one transaction, commits once, then
/// completes their awaiters. Durability costs one sync per group, not one per frame. When a group fails, each of its
/// operations is retried alone so one bad operation cannot fail the others.
/// </summary>
/// <remarks>
/// While commits are slow (a sync that takes milliseconds on a busy disk), the writer lingers before the next one, in
/// steps of a millisecond and for at most half the last commit's time, as long as more operations keep arriving: the
/// devices whose frames the last commit acknowledged send their next ones within that time, and they then share this
/// commit instead of waiting for the one after. Without it, the frames in flight split into cohorts that take turns at
/// the sync. A fast commit never lingers.
/// </remarks>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    private readonly Channel<OutboxOperation> _queue = Channel.CreateUnbounded<OutboxOperation>(new UnboundedChannelOptions { SingleReader = true });
    private const int SqliteFull = 13; // SQLITE_FULL: "database or disk is full"

    private readonly OutboxSession _session;
    private readonly int _maxGroupSize;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<OutboxOperation> _group = [];
    private readonly Task _loop;
    private long _lastCommitTicks;
    private int _queued;

    /// <summary>A commit slower than this makes the next group linger (Stopwatch ticks of 2 ms).</summary>
    private static readonly long SlowCommitTicks = Stopwatch.Frequency / 500;

    public GroupCommitWriter(OutboxSession session, int maxGroupSize, ILogger logger, TimeProvider time)
    {
        _session = session;
        _maxGroupSize = maxGroupSize;
        _logger = logger;
        _time = time;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Gets the operations waiting for the writer (not yet in a group).</summary>
    public int Queued => Volatile.Read(ref _queued);

    public Task<T> Run<T>(Func<OutboxSession, T> work)
    {
        var operation = new OutboxOperation<T>(work);
        Interlocked.Increment(ref _queued);
        if (_queue.Writer.TryWrite(operation))
        {
            return operation.Task;
        }

        Interlocked.Decrement(ref _queued);
        return Task.FromException<T>(new ObjectDisposedException(nameof(OutboxStore), "the outbox is closed"));
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            _group.Clear();
            Gather();
            if (_lastCommitTicks >= SlowCommitTicks)
            {
                Linger(_lastCommitTicks / 2);
            }

            var started = Stopwatch.GetTimestamp();
            var committed = TryRun(_group, alone: false);
            _lastCommitTicks = Stopwatch.GetTimestamp() - started;
            if (!committed)
            {
                foreach (var operation in _group)
                {
                    TryRun([operation], alone: true);
                }
            }
        }
    }

    private void Gather()
    {
        while (_group.Count < _maxGroupSize && _queue.Reader.TryRead(out var operation))
        {
            Interlocked.Decrement(ref _queued);
            _group.Add(operation);
        }
    }

    private void Linger(long maxTicks)
    {
        var deadline = Stopwatch.GetTimestamp() + maxTicks;
        while (_group.Count < _maxGroupSize && Stopwatch.GetTimestamp() < deadline)
        {
            var before = _group.Count;
            Thread.Sleep(1); // the writer's own loop: it blocks in SQLite's commit anyway
            Gather();
            if (_group.Count == before)
            {
                return; // nothing more came: the rest is not on its way
            }
        }
    }

    private bool TryRun(List<OutboxOperation> group, bool alone)
    {
        try
        {
            _session.Begin();
            foreach (var operation in group)
            {
                operation.Execute(_session);
            }

            _session.Commit();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
        {
            _session.Rollback();
            var (entered, released) = _session.OnDiskFull(_time.GetUtcNow().ToUnixTimeMilliseconds());
            if (entered)
            {
                _logger.LogWarning(
                    "The outbox's disk is full ({Reason}): new frames are refused (devices see QuotaExceeded and send again later) until acknowledged batches free room; {Released} bytes of reserve given back so the uplink can go on draining",
                    e.Message, released);
            }

            if (!alone)
            {
                return false; // each alone: new items are refused outright now (DiskFull), the rest may still go through
            }

            group[0].Fail(e);
            return true;
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or ArgumentException)
        {
            _session.Rollback();
            if (!alone && group.Count > 1)
            {
                _logger.LogWarning(e, "Outbox group of {Count} operations failed; retrying each alone", group.Count);
                return false;
            }

            _logger.LogError(e, "Outbox operation failed");
            group[0].Fail(e);
            return true;
        }

        if (_session.AfterCommit(_time.GetUtcNow().ToUnixTimeMilliseconds()))
        {
            _logger.LogInformation("The outbox takes new frames again ({Refused} refused while the disk was full)", _session.DiskFull.Refused);
        }

        foreach (var operation in group)
        {
            operation.Complete();
        }

        return true;
    }
}
