using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// The outbox's single writer: takes every operation waiting, runs them in one transaction, commits once, then
/// completes their awaiters. Durability costs one sync per group, not one per frame. When a group fails, each of its
/// operations is retried alone so one bad operation cannot fail the others.
/// </summary>
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

    public GroupCommitWriter(OutboxSession session, int maxGroupSize, ILogger logger, TimeProvider time)
    {
        _session = session;
        _maxGroupSize = maxGroupSize;
        _logger = logger;
        _time = time;
        _loop = Task.Run(LoopAsync);
    }

    public Task<T> Run<T>(Func<OutboxSession, T> work)
    {
        var operation = new OutboxOperation<T>(work);
        return _queue.Writer.TryWrite(operation)
            ? operation.Task
            : Task.FromException<T>(new ObjectDisposedException(nameof(OutboxStore), "the outbox is closed"));
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
            while (_group.Count < _maxGroupSize && _queue.Reader.TryRead(out var operation))
            {
                _group.Add(operation);
            }

            if (!TryRun(_group, alone: false))
            {
                foreach (var operation in _group)
                {
                    TryRun([operation], alone: true);
                }
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
