using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Protocol.Topics;

/// <summary>
/// Builds and parses the topics of docs/protocol.md ("Topics"): <c>ec/v1/d/{device}/{kind}</c> and
/// <c>ec/v1/g/{gateway}/{kind}</c>, plus the subscription filters the gateway and coordinator use.
/// </summary>
public static class ProtocolTopics
{
    /// <summary>The prefix every protocol v1 topic starts with.</summary>
    public const string Root = "ec/v1";

    /// <summary>The shared-subscription group coordinator replicas join by default.</summary>
    public const string CoordinatorShareGroup = "coordinator";

    /// <summary>Builds a device topic, for example <c>ec/v1/d/dev-0001/tel</c>.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="kind">The topic kind.</param>
    /// <returns>The topic.</returns>
    /// <exception cref="ArgumentException">The id is not valid.</exception>
    public static string Device(string deviceId, DeviceTopicKind kind)
    {
        ProtocolId.Validate(deviceId, "device id");
        return $"{Root}/d/{deviceId}/{Segment(kind)}";
    }

    /// <summary>Builds a gateway topic, for example <c>ec/v1/g/gw-01/up</c>.</summary>
    /// <param name="gatewayId">The gateway id.</param>
    /// <param name="kind">The topic kind.</param>
    /// <returns>The topic.</returns>
    /// <exception cref="ArgumentException">The id is not valid.</exception>
    public static string Gateway(string gatewayId, GatewayTopicKind kind)
    {
        ProtocolId.Validate(gatewayId, "gateway id");
        return $"{Root}/g/{gatewayId}/{Segment(kind)}";
    }

    /// <summary>The filter matching one kind for every device, for example <c>ec/v1/d/+/tel</c>.</summary>
    /// <param name="kind">The topic kind.</param>
    /// <returns>The filter.</returns>
    public static string DeviceFilter(DeviceTopicKind kind) => $"{Root}/d/+/{Segment(kind)}";

    /// <summary>The filter matching one kind for every gateway, for example <c>ec/v1/g/+/up</c>.</summary>
    /// <param name="kind">The topic kind.</param>
    /// <returns>The filter.</returns>
    public static string GatewayFilter(GatewayTopicKind kind) => $"{Root}/g/+/{Segment(kind)}";

    /// <summary>
    /// The MQTT 5 shared-subscription filter for one gateway kind, for example
    /// <c>$share/coordinator/ec/v1/g/+/up</c>, so several coordinator replicas split the load.
    /// </summary>
    /// <param name="kind">The topic kind.</param>
    /// <param name="group">The share group name (no <c>/</c>, <c>+</c> or <c>#</c>).</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException">The group name is empty or contains a reserved character.</exception>
    public static string SharedGatewayFilter(GatewayTopicKind kind, string group = CoordinatorShareGroup)
    {
        ArgumentException.ThrowIfNullOrEmpty(group);
        if (group.AsSpan().IndexOfAny("/+#") >= 0)
        {
            throw new ArgumentException($"share group \"{group}\" must not contain '/', '+' or '#'", nameof(group));
        }

        return $"$share/{group}/{GatewayFilter(kind)}";
    }

    /// <summary>
    /// The coordinator-only topic on which the replica that stored a gateway's batch shares what that batch said about
    /// nodes (device births and states, the gateway's status) with the other replicas, for example
    /// <c>ec/v1/c/gw-01/nodes</c>. Only the coordinator's broker user may read or write <c>ec/v1/c/#</c>.
    /// </summary>
    /// <param name="gatewayId">The gateway whose batch it came from.</param>
    /// <returns>The topic.</returns>
    /// <exception cref="ArgumentException">The id is not valid.</exception>
    public static string CoordinatorNodes(string gatewayId)
    {
        ProtocolId.Validate(gatewayId, "gateway id");
        return $"{Root}/c/{gatewayId}/nodes";
    }

    /// <summary>The filter matching <see cref="CoordinatorNodes"/> for every gateway: <c>ec/v1/c/+/nodes</c>.</summary>
    public static string CoordinatorNodesFilter => $"{Root}/c/+/nodes";

    /// <summary>Parses a <see cref="CoordinatorNodes"/> topic.</summary>
    /// <param name="topic">The topic as received.</param>
    /// <param name="gatewayId">The gateway id when the result is <see langword="true"/>.</param>
    /// <returns>Whether the topic is a coordinator node-events topic with a valid gateway id.</returns>
    public static bool TryParseCoordinatorNodes(string? topic, out string gatewayId)
    {
        gatewayId = "";
        if (topic is null || !topic.StartsWith(Root + "/c/", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = topic.Split('/');
        if (parts.Length != 5 || parts[4] != "nodes" || !ProtocolId.IsValid(parts[3]))
        {
            return false;
        }

        gatewayId = parts[3];
        return true;
    }

    /// <summary>
    /// Parses a concrete topic (no wildcards). Rejects a bad prefix, role, id or kind, and extra or missing levels.
    /// </summary>
    /// <param name="topic">The topic as received.</param>
    /// <param name="address">The parsed address when the result is <see langword="true"/>.</param>
    /// <returns>Whether the topic is a protocol v1 topic.</returns>
    public static bool TryParse(string? topic, out TopicAddress address)
    {
        address = default;
        if (topic is null || !topic.StartsWith(Root + "/", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = topic.Split('/');
        if (parts.Length != 5 || !ProtocolId.IsValid(parts[3]))
        {
            return false;
        }

        switch (parts[2])
        {
            case "d" when TryParseDeviceKind(parts[4], out var deviceKind):
                address = TopicAddress.ForDevice(parts[3], deviceKind);
                return true;
            case "g" when TryParseGatewayKind(parts[4], out var gatewayKind):
                address = TopicAddress.ForGateway(parts[3], gatewayKind);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The topic level written for a device kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>For example <c>tel</c>.</returns>
    public static string Segment(DeviceTopicKind kind) => kind switch
    {
        DeviceTopicKind.Birth => "birth",
        DeviceTopicKind.State => "state",
        DeviceTopicKind.Tel => "tel",
        DeviceTopicKind.Task => "task",
        DeviceTopicKind.Res => "res",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown device topic kind"),
    };

    /// <summary>The topic level written for a gateway kind.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>For example <c>up</c>.</returns>
    public static string Segment(GatewayTopicKind kind) => kind switch
    {
        GatewayTopicKind.Birth => "birth",
        GatewayTopicKind.State => "state",
        GatewayTopicKind.Up => "up",
        GatewayTopicKind.Ack => "ack",
        GatewayTopicKind.Task => "task",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown gateway topic kind"),
    };

    private static bool TryParseDeviceKind(string segment, out DeviceTopicKind kind)
    {
        kind = segment switch
        {
            "birth" => DeviceTopicKind.Birth,
            "state" => DeviceTopicKind.State,
            "tel" => DeviceTopicKind.Tel,
            "task" => DeviceTopicKind.Task,
            "res" => DeviceTopicKind.Res,
            _ => (DeviceTopicKind)(-1),
        };
        return kind >= 0;
    }

    private static bool TryParseGatewayKind(string segment, out GatewayTopicKind kind)
    {
        kind = segment switch
        {
            "birth" => GatewayTopicKind.Birth,
            "state" => GatewayTopicKind.State,
            "up" => GatewayTopicKind.Up,
            "ack" => GatewayTopicKind.Ack,
            "task" => GatewayTopicKind.Task,
            _ => (GatewayTopicKind)(-1),
        };
        return kind >= 0;
    }
}
