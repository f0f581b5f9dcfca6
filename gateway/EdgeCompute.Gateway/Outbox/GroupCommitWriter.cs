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
    private readonly OutboxSession _session;
    private readonly int _maxGroupSize;
    private readonly ILogger _logger;
    private readonly List<OutboxOperation> _group = [];
    private readonly Task _loop;

    public GroupCommitWriter(OutboxSession session, int maxGroupSize, ILogger logger)
    {
        _session = session;
        _maxGroupSize = maxGroupSize;
        _logger = logger;
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

            if (!TryRun(_group))
            {
                foreach (var operation in _group)
                {
                    TryRun([operation]);
                }
            }
        }
    }

    private bool TryRun(List<OutboxOperation> group)
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
        catch (Exception e) when (e is SqliteException or InvalidOperationException or ArgumentException)
        {
            _session.Rollback();
            if (group.Count > 1)
            {
                _logger.LogWarning(e, "Outbox group of {Count} operations failed; retrying each alone", group.Count);
                return false;
            }

            _logger.LogError(e, "Outbox operation failed");
            group[0].Fail(e);
            return true;
        }

        foreach (var operation in group)
        {
            operation.Complete();
        }

        return true;
    }
}
