using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Gateway.DeviceBroker;

/// <summary>The device broker's ACL: a device publishes only its own birth/state/tel/res and subscribes only to its own task topic.</summary>
public static class DeviceAccessPolicy
{
    /// <summary>Whether a device may publish on a topic.</summary>
    /// <param name="deviceId">The authenticated device.</param>
    /// <param name="topic">The topic.</param>
    /// <returns>True when allowed.</returns>
    public static bool MayPublish(string deviceId, string? topic) =>
        ProtocolTopics.TryParse(topic, out var address)
        && address.Role == TopicRole.Device
        && address.Id == deviceId
        && address.DeviceKind is DeviceTopicKind.Birth or DeviceTopicKind.State or DeviceTopicKind.Tel or DeviceTopicKind.Res;

    /// <summary>Whether a device may subscribe to a topic filter (exactly its own task topic; no wildcards).</summary>
    /// <param name="deviceId">The authenticated device.</param>
    /// <param name="topicFilter">The filter.</param>
    /// <returns>True when allowed.</returns>
    public static bool MaySubscribe(string deviceId, string? topicFilter) =>
        string.Equals(topicFilter, ProtocolTopics.Device(deviceId, DeviceTopicKind.Task), StringComparison.Ordinal);
}
