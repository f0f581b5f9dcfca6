using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>The central broker's ACL: a gateway writes only its own <c>up</c>/<c>birth</c>/<c>state</c> and reads only its own <c>ack</c>/<c>task</c>.</summary>
public static class GatewayAccessPolicy
{
    /// <summary>Gets the topics a gateway may publish.</summary>
    /// <param name="gatewayId">The gateway.</param>
    /// <returns>The topics.</returns>
    public static IReadOnlyList<string> WriteTopics(string gatewayId) =>
        [ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Up), ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Birth), ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.State)];

    /// <summary>Gets the topics a gateway may subscribe to (exact filters, no wildcards).</summary>
    /// <param name="gatewayId">The gateway.</param>
    /// <returns>The topics.</returns>
    public static IReadOnlyList<string> ReadTopics(string gatewayId) =>
        [ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Ack), ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Task)];

    /// <summary>Whether a gateway may publish on a topic.</summary>
    /// <param name="gatewayId">The authenticated gateway.</param>
    /// <param name="topic">The topic.</param>
    /// <returns>True when allowed.</returns>
    public static bool MayPublish(string gatewayId, string topic) => WriteTopics(gatewayId).Contains(topic, StringComparer.Ordinal);

    /// <summary>Whether a gateway may subscribe to a filter.</summary>
    /// <param name="gatewayId">The authenticated gateway.</param>
    /// <param name="filter">The topic filter.</param>
    /// <returns>True when allowed.</returns>
    public static bool MaySubscribe(string gatewayId, string filter) => ReadTopics(gatewayId).Contains(filter, StringComparer.Ordinal);
}
