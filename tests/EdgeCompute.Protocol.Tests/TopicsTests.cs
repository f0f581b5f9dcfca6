using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Protocol.Tests;

public class TopicsTests
{
    [Theory]
    [InlineData(DeviceTopicKind.Birth, "ec/v1/d/dev-0001/birth")]
    [InlineData(DeviceTopicKind.State, "ec/v1/d/dev-0001/state")]
    [InlineData(DeviceTopicKind.Tel, "ec/v1/d/dev-0001/tel")]
    [InlineData(DeviceTopicKind.Task, "ec/v1/d/dev-0001/task")]
    [InlineData(DeviceTopicKind.Res, "ec/v1/d/dev-0001/res")]
    public void Builds_and_parses_every_device_topic(DeviceTopicKind kind, string expected)
    {
        Assert.Equal(expected, ProtocolTopics.Device("dev-0001", kind));
        Assert.True(ProtocolTopics.TryParse(expected, out var address));
        Assert.Equal(TopicAddress.ForDevice("dev-0001", kind), address);
        Assert.Equal(expected, address.ToString());
    }

    [Theory]
    [InlineData(GatewayTopicKind.Birth, "ec/v1/g/gw-01/birth")]
    [InlineData(GatewayTopicKind.State, "ec/v1/g/gw-01/state")]
    [InlineData(GatewayTopicKind.Up, "ec/v1/g/gw-01/up")]
    [InlineData(GatewayTopicKind.Ack, "ec/v1/g/gw-01/ack")]
    [InlineData(GatewayTopicKind.Task, "ec/v1/g/gw-01/task")]
    public void Builds_and_parses_every_gateway_topic(GatewayTopicKind kind, string expected)
    {
        Assert.Equal(expected, ProtocolTopics.Gateway("gw-01", kind));
        Assert.True(ProtocolTopics.TryParse(expected, out var address));
        Assert.Equal(TopicRole.Gateway, address.Role);
        Assert.Equal("gw-01", address.Id);
        Assert.Equal(kind, address.GatewayKind);
        Assert.Null(address.DeviceKind);
    }

    [Fact]
    public void Builds_subscription_filters()
    {
        Assert.Equal("ec/v1/d/+/tel", ProtocolTopics.DeviceFilter(DeviceTopicKind.Tel));
        Assert.Equal("ec/v1/g/+/up", ProtocolTopics.GatewayFilter(GatewayTopicKind.Up));
        Assert.Equal("$share/coordinator/ec/v1/g/+/up", ProtocolTopics.SharedGatewayFilter(GatewayTopicKind.Up));
        Assert.Equal("$share/c2/ec/v1/g/+/birth", ProtocolTopics.SharedGatewayFilter(GatewayTopicKind.Birth, "c2"));
        Assert.Throws<ArgumentException>(() => ProtocolTopics.SharedGatewayFilter(GatewayTopicKind.Up, "a/b"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ec/v2/d/dev-1/tel")]
    [InlineData("EC/v1/d/dev-1/tel")]
    [InlineData("/ec/v1/d/dev-1/tel")]
    [InlineData("ec/v1/x/dev-1/tel")]
    [InlineData("ec/v1/d/Dev-1/tel")]
    [InlineData("ec/v1/d//tel")]
    [InlineData("ec/v1/d/+/tel")]
    [InlineData("ec/v1/d/dev-1/#")]
    [InlineData("ec/v1/d/dev-1/up")]
    [InlineData("ec/v1/g/gw-1/tel")]
    [InlineData("ec/v1/d/dev-1/tel/extra")]
    [InlineData("ec/v1/d/dev-1")]
    [InlineData("ec/v1/d/dev-1/tel/")]
    [InlineData("ec/v1/d/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/tel")]
    public void Rejects_topics_with_bad_prefix_role_id_or_kind(string topic)
    {
        Assert.False(ProtocolTopics.TryParse(topic, out _));
    }

    [Fact]
    public void Rejects_null_topic() => Assert.False(ProtocolTopics.TryParse(null, out _));

    [Fact]
    public void Refuses_to_build_a_topic_for_a_bad_id()
    {
        var error = Assert.Throws<ArgumentException>(() => ProtocolTopics.Device("Dev_1", DeviceTopicKind.Tel));
        Assert.Contains("Dev_1", error.Message, StringComparison.Ordinal);
        Assert.Contains("[a-z0-9-]{1,32}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Coordinator_node_events_topic_round_trips_and_is_not_a_gateway_topic()
    {
        var topic = ProtocolTopics.CoordinatorNodes("gw-01");
        Assert.Equal("ec/v1/c/gw-01/nodes", topic);
        Assert.True(ProtocolTopics.TryParseCoordinatorNodes(topic, out var gatewayId));
        Assert.Equal("gw-01", gatewayId);
        Assert.False(ProtocolTopics.TryParse(topic, out _));
        Assert.Equal("ec/v1/c/+/nodes", ProtocolTopics.CoordinatorNodesFilter);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ec/v1/g/gw-01/up")]
    [InlineData("ec/v1/c/gw-01/node")]
    [InlineData("ec/v1/c/GW-01/nodes")]
    [InlineData("ec/v1/c/+/nodes")]
    [InlineData("ec/v1/c/gw-01/nodes/x")]
    [InlineData("ec/v1/c//nodes")]
    public void Rejects_malformed_coordinator_node_events_topics(string? topic)
    {
        Assert.False(ProtocolTopics.TryParseCoordinatorNodes(topic, out var gatewayId));
        Assert.Equal("", gatewayId);
    }
}
