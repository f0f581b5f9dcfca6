using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>Publishes tasks through the embedded central broker (injected as the coordinator).</summary>
/// <param name="broker">The broker.</param>
public sealed class EmbeddedTaskPublisher(CentralBrokerServer broker) : ITaskPublisher
{
    /// <inheritdoc />
    public Task PublishAsync(CoordinatorTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return broker.InjectAsync(ProtocolTopics.Gateway(task.GatewayId, GatewayTopicKind.Task), CoordinatorTaskCodec.Encode(task), cancellationToken);
    }
}
