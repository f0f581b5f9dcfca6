using EdgeCompute.Integration.Tests.Hostile;
using EdgeCompute.Integration.Tests.Services;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using CentralRefusal = EdgeCompute.Coordinator.Broker.BrokerRefusal;
using DeviceRefusal = EdgeCompute.Gateway.DeviceBroker.BrokerRefusal;

namespace EdgeCompute.Integration.Tests.Security;

/// <summary>
/// The embedded brokers of running nodes: the coordinator's central broker (gateway topics) and a gateway's device broker
/// (device topics) refuse publishes on someone else's topic even when the payload is genuine (signed or MACed by its real
/// owner), count the refusal, and nothing of it reaches the coordinator's store; the owner's own publish does.
/// </summary>
public sealed class EmbeddedBrokerAclTests
{
    [Fact]
    public async Task A_gateway_on_another_gateways_topic_and_a_device_on_another_devices_topic_are_refused_and_nothing_is_stored()
    {
        var provisioned = FleetProvisioner.Create(new FleetSpec(2, 2, 4));
        var fleet = new TestFleet("", provisioned.Coordinator, provisioned.Gateways, provisioned.Devices);
        var (first, second) = (fleet.Gateways[0], fleet.Gateways[1]);
        var ct = TestContext.Current.CancellationToken;
        var random = new Random(20261211);
        await using var network = await LocalNetwork.StartAsync(fleet);
        var gateway = await network.StartGatewayAsync(first);
        var coordinator = network.Coordinator;
        var broker = coordinator.Broker!;

        // central broker: gateway 2 (its own uplink is not running here, so the test can hold its session) publishes a
        // batch genuinely signed by gateway 1, on gateway 1's up
        var victimDevice = fleet.DevicesOf(first.GatewayId)[^1];
        var (victimFrame, _) = CapturedTraffic.Summary(random, victimDevice, 1, 1);
        using var firstKey = P256Keys.ImportPrivateKey(first.PrivateKey);
        var genuineBatch = CapturedTraffic.Batch(first, firstKey, 9, 1, [victimFrame]);
        using var asSecond = await ConnectAsync(network.BrokerPort, second.GatewayId, second.BrokerUsername, second.BrokerPassword);
        var onOthersUp = await asSecond.PublishAsync(Message(ProtocolTopics.Gateway(first.GatewayId, GatewayTopicKind.Up), genuineBatch), ct);
        var onOthersState = await asSecond.PublishAsync(Message(ProtocolTopics.Gateway(first.GatewayId, GatewayTopicKind.State), StatePayload.Offline.ToArray()), ct);
        var subscribeOthersAck = await asSecond.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(ProtocolTopics.Gateway(first.GatewayId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);

        // device broker of gateway 1: device A publishes a frame genuinely MACed by device B, on B's topic and on its own
        var (deviceA, deviceB) = (fleet.DevicesOf(first.GatewayId)[0], fleet.DevicesOf(first.GatewayId)[1]);
        var (frameOfB, _) = CapturedTraffic.Summary(random, deviceB, 1, 1);
        var (frameOfA, readingsOfA) = CapturedTraffic.Summary(random, deviceA, 1, 1);
        var port = network.GatewayPort(first.GatewayId);
        using var asA = await ConnectAsync(port, deviceA.DeviceId, deviceA.DeviceId, DeviceCredential.Derive(deviceA.GetKey()));
        var onBsTopic = await asA.PublishAsync(Message(ProtocolTopics.Device(deviceB.DeviceId, DeviceTopicKind.Tel), frameOfB), ct);
        var bsFrameOnOwnTopic = await asA.PublishAsync(Message(ProtocolTopics.Device(deviceA.DeviceId, DeviceTopicKind.Tel), frameOfB), ct);
        var subscribeBsTasks = await asA.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(ProtocolTopics.Device(deviceB.DeviceId, DeviceTopicKind.Task), MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
        var own = await asA.PublishAsync(Message(ProtocolTopics.Device(deviceA.DeviceId, DeviceTopicKind.Tel), frameOfA), ct);
        await network.DrainedAsync();
        await Eventually.TrueAsync(async () => (await coordinator.Stores.Telemetry.ReadStatsAsync(ct)).ReadingsStored == readingsOfA, "device A's own frame at the coordinator");

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, onOthersUp.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, onOthersState.ReasonCode);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(subscribeOthersAck.Items).ResultCode);
        Assert.Equal(2, broker.Refusals(CentralRefusal.PublishNotAllowed));
        Assert.Equal(1, broker.Refusals(CentralRefusal.SubscribeNotAllowed));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, onBsTopic.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, bsFrameOnOwnTopic.ReasonCode);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(subscribeBsTasks.Items).ResultCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, own.ReasonCode);
        Assert.Equal(1, gateway.Broker.Refusals[DeviceRefusal.PublishNotAllowed]);
        Assert.Equal(1, gateway.Broker.Refusals[DeviceRefusal.SubscribeNotAllowed]);
        Assert.Equal(1, gateway.Ingest.Outcomes[EdgeCompute.Gateway.Ingest.IngestOutcome.IdMismatch]);

        // only A's frame is stored: nothing of device B, nothing of the batch gateway 2 tried to pass off
        var stats = await coordinator.Stores.Telemetry.ReadStatsAsync(ct);
        Assert.Equal(readingsOfA, stats.ReadingsStored);
        Assert.Empty(await coordinator.Stores.Telemetry.ReadPointsAsync(deviceB.DeviceId, "temp", 0, long.MaxValue, 10, ct));
        Assert.Empty(await coordinator.Stores.Telemetry.ReadPointsAsync(victimDevice.DeviceId, "temp", 0, long.MaxValue, 10, ct));
    }

    private static MqttApplicationMessage Message(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static async Task<IMqttClient> ConnectAsync(int port, string clientId, string user, string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId).WithCredentials(user, password)
            .WithProtocolVersion(MqttProtocolVersion.V500).Build(), TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }
}
