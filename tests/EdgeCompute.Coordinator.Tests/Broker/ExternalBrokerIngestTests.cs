using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Tests.Ingest;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Tests;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Coordinator.Tests.Broker;

public sealed class ExternalBrokerIngestTests
{
    [Fact]
    public async Task Ingests_through_a_shared_subscription_on_Mosquitto_configured_with_the_written_files()
    {
        var random = TestSeed.Random(4401);
        var ct = TestContext.Current.CancellationToken;
        await using var world = await IngestWorld.CreateAsync();
        await using var mosquitto = await MosquittoProcess.StartAsync(world.Registry, "coordinator", "coordinator-secret");
        await using var ingest = new ExternalBrokerIngest(
            new ExternalBrokerOptions { Port = mosquitto.Port, UserName = "coordinator", Password = "coordinator-secret", ClientId = "coordinator-a" }, world.Ingestor);
        await ingest.StartAsync(ct);

        var gateway = world.Fleet.Gateways[0];
        var other = world.Fleet.Gateways[1];
        using var refused = await ConnectAsync(mosquitto.Port, gateway.GatewayId, new string('0', 64));
        Assert.False(refused.IsConnected);
        using var client = await ConnectAsync(mosquitto.Port, gateway.GatewayId, gateway.BrokerPassword);
        var received = BrokerWorld.Collect(client);
        await client.SubscribeAsync(ProtocolTopics.Gateway(gateway.GatewayId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce, ct);

        // Another gateway's up, published by this one: the ACL drops it, nothing is ingested.
        await BrokerWorld.PublishAsync(client, IngestWorld.Up(other.GatewayId), world.Seal(other.GatewayId, 1, 1, []));
        var (frame, readings) = IngestWorld.SummaryFrame(world.DevicesOf(gateway.GatewayId)[0], 1, 1, random);
        await BrokerWorld.PublishAsync(client, IngestWorld.Up(gateway.GatewayId), world.Seal(gateway.GatewayId, 1, 1, [new DeviceFrameItem(frame)]));
        await BrokerWorld.WaitUntilAsync(() => !received.IsEmpty && ingest.AcksPublished >= 1, "the ack through Mosquitto (received and counted)");

        var (topic, payload) = Assert.Single(received);
        Assert.Equal(ProtocolTopics.Gateway(gateway.GatewayId, GatewayTopicKind.Ack), topic);
        Assert.Equal([1UL], CoordinatorAckSignature.Open(payload, world.CoordinatorPublicKey, gateway.GatewayId).Value.Stored);
        var stats = await world.Store.ReadStatsAsync(ct);
        Assert.Equal((readings, 1L), (stats.ReadingsStored, stats.BatchesStored));
        Assert.Equal(1, ingest.AcksPublished);
    }

    internal static async Task<IMqttClient> ConnectAsync(int port, string gatewayId, string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(gatewayId).WithCredentials(gatewayId, password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(10)).Build();
        try
        {
            await client.ConnectAsync(options, TestContext.Current.CancellationToken);
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException)
        {
            // refused: IsConnected stays false
        }

        return client;
    }
}
