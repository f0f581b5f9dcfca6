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

    [Fact]
    public async Task Takes_batches_from_mosquitto_over_tls_trusting_only_the_fleet_ca()
    {
        var random = TestSeed.Random(4402);
        var ct = TestContext.Current.CancellationToken;
        await using var world = await IngestWorld.CreateAsync();
        await using var mosquitto = await MosquittoProcess.StartAsync(world.Registry, "coordinator", "coordinator-secret", tls: true);
        await using var ingest = new ExternalBrokerIngest(
            new ExternalBrokerOptions
            {
                Port = mosquitto.TlsPort!.Value, UseTls = true, CaFile = Path.Combine(mosquitto.TlsFolder, "ca.pem"),
                UserName = "coordinator", Password = "coordinator-secret", ClientId = "coordinator-tls",
            },
            world.Ingestor);
        await ingest.StartAsync(ct);

        var gateway = world.Fleet.Gateways[0];
        using var client = await ConnectAsync(mosquitto.Port, gateway.GatewayId, gateway.BrokerPassword);
        var received = BrokerWorld.Collect(client);
        await client.SubscribeAsync(ProtocolTopics.Gateway(gateway.GatewayId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce, ct);
        var (frame, readings) = IngestWorld.SummaryFrame(world.DevicesOf(gateway.GatewayId)[0], 1, 1, random);
        await BrokerWorld.PublishAsync(client, IngestWorld.Up(gateway.GatewayId), world.Seal(gateway.GatewayId, 1, 1, [new DeviceFrameItem(frame)]));
        await BrokerWorld.WaitUntilAsync(() => !received.IsEmpty && ingest.AcksPublished >= 1, "the ack, published over the TLS connection");

        var stats = await world.Store.ReadStatsAsync(ct);
        Assert.Equal((readings, 1L), (stats.ReadingsStored, stats.BatchesStored));
        Assert.True(ingest.IsReady);
    }

    [Fact]
    public async Task Refuses_a_mosquitto_certificate_of_another_ca_with_one_line()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var world = await IngestWorld.CreateAsync();
        await using var mosquitto = await MosquittoProcess.StartAsync(world.Registry, "coordinator", "coordinator-secret", tls: true);
        var other = Directory.CreateTempSubdirectory("ec-other-ca-").FullName;
        try
        {
            EdgeCompute.Protocol.Tls.FleetTlsFolder.Provision(new EdgeCompute.Protocol.Tls.TlsProvisionRequest { Folder = other }, DateTimeOffset.UtcNow);
            await using var ingest = new ExternalBrokerIngest(
                new ExternalBrokerOptions
                {
                    Port = mosquitto.TlsPort!.Value, UseTls = true, CaFile = Path.Combine(other, "ca.pem"),
                    UserName = "coordinator", Password = "coordinator-secret", ClientId = "coordinator-tls",
                },
                world.Ingestor);

            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => ingest.StartAsync(ct));

            Assert.StartsWith($"external broker 127.0.0.1:{mosquitto.TlsPort}: TLS: the certificate of 127.0.0.1:{mosquitto.TlsPort}", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"is not signed by the CA in {Path.Combine(other, "ca.pem")}", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', refused.Message);
        }
        finally
        {
            Directory.Delete(other, recursive: true);
        }
    }

    [Fact]
    public void A_ca_file_without_tls_or_that_is_not_a_ca_is_a_settings_problem()
    {
        var folder = Directory.CreateTempSubdirectory("ec-ca-").FullName;
        try
        {
            EdgeCompute.Protocol.Tls.FleetTlsFolder.Provision(new EdgeCompute.Protocol.Tls.TlsProvisionRequest { Folder = folder }, DateTimeOffset.UtcNow);
            var validator = new ExternalBrokerOptionsValidator("CoordinatorOptions:ExternalBroker:");
            var plain = validator.Validate(null, new ExternalBrokerOptions { CaFile = Path.Combine(folder, "ca.pem") });
            var server = validator.Validate(null, new ExternalBrokerOptions { UseTls = true, CaFile = Path.Combine(folder, "server.pem") });
            var good = validator.Validate(null, new ExternalBrokerOptions { UseTls = true, CaFile = Path.Combine(folder, "ca.pem") });

            Assert.Equal(["CoordinatorOptions:ExternalBroker:CaFile needs CoordinatorOptions:ExternalBroker:UseTls (an mqtts:// broker)"], plain.Failures);
            var failure = Assert.Single(server.Failures!);
            Assert.StartsWith("CoordinatorOptions:ExternalBroker:CaFile ", failure, StringComparison.Ordinal);
            Assert.Contains("is not a CA certificate", failure, StringComparison.Ordinal);
            Assert.True(good.Succeeded);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
