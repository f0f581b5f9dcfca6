using System.Collections.Concurrent;
using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>An <see cref="ITaskReturnSink"/> that keeps what it gets, until the scheduler takes over.</summary>
public sealed class RecordingTaskReturnSink : ITaskReturnSink
{
    /// <summary>Gets the returns received with their gateway, in order.</summary>
    public ConcurrentQueue<(TaskReturnedItem Item, string GatewayId)> Received { get; } = new();

    /// <inheritdoc />
    public Task AcceptAsync(TaskReturnedItem item, string gatewayId, CancellationToken cancellationToken = default)
    {
        Received.Enqueue((item, gatewayId));
        return Task.CompletedTask;
    }
}
