using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Topics;

/// <summary>A parsed <c>ec/v1</c> topic: whose it is and which kind.</summary>
/// <param name="Role">Device or gateway.</param>
/// <param name="Id">The device or gateway id (valid per <see cref="ProtocolId"/>).</param>
/// <param name="DeviceKind">The kind when <paramref name="Role"/> is <see cref="TopicRole.Device"/>, otherwise <see langword="null"/>.</param>
/// <param name="GatewayKind">The kind when <paramref name="Role"/> is <see cref="TopicRole.Gateway"/>, otherwise <see langword="null"/>.</param>
public readonly record struct TopicAddress(TopicRole Role, string Id, DeviceTopicKind? DeviceKind, GatewayTopicKind? GatewayKind)
{
    /// <summary>The address of a device topic.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="kind">The topic kind.</param>
    /// <returns>The address.</returns>
    public static TopicAddress ForDevice(string deviceId, DeviceTopicKind kind) => new(TopicRole.Device, deviceId, kind, null);

    /// <summary>The address of a gateway topic.</summary>
    /// <param name="gatewayId">The gateway id.</param>
    /// <param name="kind">The topic kind.</param>
    /// <returns>The address.</returns>
    public static TopicAddress ForGateway(string gatewayId, GatewayTopicKind kind) => new(TopicRole.Gateway, gatewayId, null, kind);

    /// <summary>The topic string for this address.</summary>
    /// <returns>For example <c>ec/v1/d/dev-0001/tel</c>.</returns>
    public override string ToString() => !ProtocolId.IsValid(Id) ? $"(invalid topic address: id \"{Id}\")"
        : Role == TopicRole.Device
        ? ProtocolTopics.Device(Id, DeviceKind ?? DeviceTopicKind.State)
        : ProtocolTopics.Gateway(Id, GatewayKind ?? GatewayTopicKind.State);
}
