using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Tests.Ingest;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Tests;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Coordinator.Tests.Broker;

public sealed class CentralBrokerTests
{
    [Fact]
    public async Task Refuses_wrong_passwords_unknown_revoked_gateways_and_a_client_id_that_is_not_the_user()
    {
        await using var world = await BrokerWorld.StartAsync();
        var own = world.Ingest.Fleet.Gateways[0];
        var other = world.Ingest.Fleet.Gateways[1];

        var (_, wrong) = await world.ConnectAsync(own.GatewayId, own.GatewayId, new string('0', 64));
        var (_, unknown) = await world.ConnectAsync("gw-nobody", "gw-nobody", own.BrokerPassword);
        var (_, swapped) = await world.ConnectAsync(other.GatewayId, own.GatewayId, own.BrokerPassword);
        var (_, good) = await world.ConnectAsync(own.GatewayId, own.GatewayId, own.BrokerPassword);
        world.Ingest.Registry.RevokeGateway(own.GatewayId);
        var (_, revoked) = await world.ConnectAsync(own.GatewayId + "x", own.GatewayId, own.BrokerPassword);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, wrong.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, unknown.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, swapped.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.Success, good.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, revoked.ResultCode);
        Assert.Equal(4, world.Broker.Refusals(BrokerRefusal.BadCredentials));
    }

    [Fact]
    public async Task Refuses_publishing_another_gateways_up_and_subscribing_to_another_gateways_ack()
    {
        await using var world = await BrokerWorld.StartAsync();
        var client = await world.ConnectGatewayAsync(0);
        var otherId = world.Ingest.GatewayId(1);
        var forOther = world.Ingest.Seal(otherId, 1, 1, []);

        var publish = await BrokerWorld.PublishAsync(client, ProtocolTopics.Gateway(otherId, GatewayTopicKind.Up), forOther);
        var ackTopic = await BrokerWorld.PublishAsync(client, ProtocolTopics.Gateway(world.Ingest.GatewayId(0), GatewayTopicKind.Ack), [1]);
        var subscribe = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(ProtocolTopics.Gateway(otherId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(ProtocolTopics.GatewayFilter(GatewayTopicKind.Task), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(ProtocolTopics.Gateway(world.Ingest.GatewayId(0), GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, publish.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, ackTopic.ReasonCode);
        Assert.Equal(
            [MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.GrantedQoS1],
            subscribe.Items.Select(i => i.ResultCode));
        Assert.Equal(2, world.Broker.Refusals(BrokerRefusal.PublishNotAllowed));
        Assert.Equal(2, world.Broker.Refusals(BrokerRefusal.SubscribeNotAllowed));
        Assert.Equal(0, (await world.Ingest.Store.ReadStatsAsync(TestContext.Current.CancellationToken)).BatchesStored);
    }

    [Fact]
    public async Task Up_is_ingested_and_a_signed_ack_arrives_on_the_gateways_own_ack_topic_also_for_a_resend()
    {
        var random = TestSeed.Random(4301);
        await using var world = await BrokerWorld.StartAsync();
        var gatewayId = world.Ingest.GatewayId(0);
        var client = await world.ConnectGatewayAsync(0);
        var received = BrokerWorld.Collect(client);
        await client.SubscribeAsync(ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        var (frame, readings) = IngestWorld.SummaryFrame(world.Ingest.DevicesOf(gatewayId)[0], 1, 1, random);
        BatchItem[] items = [new DeviceFrameItem(frame)];

        await BrokerWorld.PublishAsync(client, IngestWorld.Up(gatewayId), world.Ingest.Seal(gatewayId, 2, 11, items));
        await BrokerWorld.PublishAsync(client, IngestWorld.Up(gatewayId), world.Ingest.Seal(gatewayId, 2, 11, items));
        await BrokerWorld.WaitUntilAsync(() => received.Count >= 2, "two acks");

        foreach (var (topic, payload) in received)
        {
            Assert.Equal(ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Ack), topic);
            var ack = CoordinatorAckSignature.Open(payload, world.Ingest.CoordinatorPublicKey, gatewayId);
            Assert.True(ack.IsSuccess, ack.ToString());
            Assert.Equal(2u, ack.Value.Boot);
            Assert.Equal([11UL], ack.Value.Stored);
        }

        var stats = await world.Ingest.Store.ReadStatsAsync(TestContext.Current.CancellationToken);
        Assert.Equal((readings, 1L, 1L), (stats.ReadingsStored, stats.BatchesStored, stats.BatchDuplicates));
    }

    [Fact]
    public async Task No_ack_is_published_when_the_commit_fails()
    {
        var random = TestSeed.Random(4302);
        FailingTelemetryStore? failing = null;
        await using var world = await BrokerWorld.StartAsync(s => failing = new FailingTelemetryStore(s));
        var gatewayId = world.Ingest.GatewayId(0);
        var client = await world.ConnectGatewayAsync(0);
        var received = BrokerWorld.Collect(client);
        await client.SubscribeAsync(ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        BatchItem[] first = [new DeviceFrameItem(IngestWorld.SummaryFrame(world.Ingest.DevicesOf(gatewayId)[0], 1, 1, random).Frame)];

        await BrokerWorld.PublishAsync(client, IngestWorld.Up(gatewayId), world.Ingest.Seal(gatewayId, 1, 1, first));
        await BrokerWorld.WaitUntilAsync(() => world.Ingest.Ingestor.Counters.Batches(IngestOutcome.StoreFailed) == 1, "the failed commit");
        failing!.Fail = false;
        await BrokerWorld.PublishAsync(client, IngestWorld.Up(gatewayId), world.Ingest.Seal(gatewayId, 1, 2, []));
        await BrokerWorld.WaitUntilAsync(() => !received.IsEmpty && world.Broker.AcksPublished >= 1, "the ack of the second batch (received and counted)");

        // Acks are published in order on one topic: the only ack is the one for seq 2.
        var (_, payload) = Assert.Single(received);
        Assert.Equal([2UL], CoordinatorAckSignature.Open(payload, world.Ingest.CoordinatorPublicKey, gatewayId).Value.Stored);
        Assert.Equal(1, world.Broker.AcksPublished);
    }

    [Fact]
    public async Task Keeps_retained_birth_and_state_for_later_subscribers()
    {
        await using var world = await BrokerWorld.StartAsync();
        var gatewayId = world.Ingest.GatewayId(0);
        var client = await world.ConnectGatewayAsync(0);
        var published = await BrokerWorld.PublishAsync(client, ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.State), StatePayload.Online.ToArray(), retain: true);
        Assert.Contains(published.ReasonCode, new[] { MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.NoMatchingSubscribers });

        IReadOnlyList<MqttApplicationMessage> retained = [];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!retained.Any(m => m.Topic == ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.State)))
        {
            Assert.False(timeout.IsCancellationRequested, "timed out waiting for the retained state");
            retained = await world.Broker.GetRetainedAsync();
        }
    }
}
