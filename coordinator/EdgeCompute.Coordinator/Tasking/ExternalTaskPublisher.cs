using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>Publishes tasks through an external broker (Mosquitto, EMQX) with the coordinator's client.</summary>
/// <param name="client">The coordinator's connection to the external broker.</param>
public sealed class ExternalTaskPublisher(ExternalBrokerIngest client) : ITaskPublisher
{
    /// <inheritdoc />
    public Task PublishAsync(CoordinatorTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return client.PublishAsync(ProtocolTopics.Gateway(task.GatewayId, GatewayTopicKind.Task), CoordinatorTaskCodec.Encode(task), cancellationToken);
    }
}
