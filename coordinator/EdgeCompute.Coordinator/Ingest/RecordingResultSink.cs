using System.Collections.Concurrent;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;


namespace EdgeCompute.Coordinator.Ingest;

/// <summary>An <see cref="IResultSink"/> that keeps what it gets, until the verification pipeline takes over.</summary>
public sealed class RecordingResultSink : IResultSink
{
    /// <summary>Gets the results received, in order.</summary>
    public ConcurrentQueue<ReceivedResult> Received { get; } = new();

    /// <summary>Gets the gateway task results received, in order.</summary>
    public ConcurrentQueue<(GatewayTaskResultItem Item, string GatewayId)> GatewayResults { get; } = new();

    /// <inheritdoc />
    public Task AcceptGatewayResultAsync(GatewayTaskResultItem item, string gatewayId, CancellationToken cancellationToken = default)
    {
        GatewayResults.Enqueue((item, gatewayId));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task AcceptAsync(DeviceFrame frame, TaskResult result, string gatewayId, CancellationToken cancellationToken = default)
    {
        Received.Enqueue(new ReceivedResult(frame, result, gatewayId));
        return Task.CompletedTask;
    }
}
