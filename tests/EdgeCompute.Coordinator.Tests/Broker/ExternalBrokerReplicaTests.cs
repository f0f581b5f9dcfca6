using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.Tests.Ingest;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Coordinator.Tests.Broker;

/// <summary>
/// Coordinator replicas on one Mosquitto (configured with the written password and ACL files): they share node events
/// so each knows every device whichever replica stored the birth, never receive their own relays, and reconnect with
/// backoff (counted on a fake clock) after losing the broker.
/// </summary>
public sealed class ExternalBrokerReplicaTests
{
    private const string User = "coordinator";
    private const string Password = "coordinator-secret";
    private static readonly DeviceBirth Birth = new("1.0.0", "esp32", KernelNames.All, 320_000, 240, []);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_replicas_splitting_the_batches_both_learn_every_device_birth_and_never_apply_their_own_relays()
    {
        await using var world = await IngestWorld.CreateAsync();
        await using var mosquitto = await MosquittoProcess.StartAsync(world.Registry, User, Password);
        var (directoryA, directoryB) = (new NodeDirectory(), new NodeDirectory());
        var ingestorA = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, time: world.Clock, nodes: directoryA);
        var ingestorB = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, time: world.Clock, nodes: directoryB);
        await using var a = new ExternalBrokerIngest(Options(mosquitto.Port, "coordinator-a"), ingestorA, presence: directoryA);
        await using var b = new ExternalBrokerIngest(Options(mosquitto.Port, "coordinator-b"), ingestorB, presence: directoryB);
        await a.StartAsync(Ct);
        await b.StartAsync(Ct);

        var gateway = world.Fleet.Gateways[0];
        var devices = world.DevicesOf(gateway.GatewayId);
        using var client = await ExternalBrokerIngestTests.ConnectAsync(mosquitto.Port, gateway.GatewayId, gateway.BrokerPassword);
        await client.SubscribeAsync(ProtocolTopics.Gateway(gateway.GatewayId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce, Ct);
        var acks = BrokerWorld.Collect(client);

        // a gateway cannot speak on the replicas' topic: Mosquitto's ACL refuses it, no replica sees it
        var forged = GatewayBatchBodyCodec.Encode(new GatewayBatchBody([new DeviceStateItem(devices[0].Id, true, IngestWorld.T0)], null));
        var refused = await BrokerWorld.PublishAsync(client, ProtocolTopics.CoordinatorNodes(gateway.GatewayId), forged);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, refused.ReasonCode);

        var gatewayBirth = new GatewayBirth(gateway.GatewayId, 1, IngestWorld.T0, 2, 1 << 30, false, [.. devices.Select(d => d.Id)], "u4pru", []);
        await BrokerWorld.PublishAsync(client, ProtocolTopics.Gateway(gateway.GatewayId, GatewayTopicKind.Birth), GatewayBirthCodec.Encode(gatewayBirth), retain: true);
        for (var i = 0; i < devices.Count; i++)
        {
            var birthFrame = DeviceFrameCodec.Encode(DeviceFrameMac.Seal(devices[i].GetKey(), devices[i].Id, 1, 0, FrameType.Birth, DeviceBirthCodec.Encode(Birth)));
            await BrokerWorld.PublishAsync(client, IngestWorld.Up(gateway.GatewayId), world.Seal(gateway.GatewayId, 1, (ulong)i + 1, [new DeviceFrameItem(birthFrame)]));
        }

        await BrokerWorld.WaitUntilAsync(() => acks.Count == devices.Count, $"{devices.Count} acks");
        await BrokerWorld.WaitUntilAsync(() => a.RelaysPublished + b.RelaysPublished == devices.Count, "every stored batch relayed");
        await BrokerWorld.WaitUntilAsync(() => Applied(ingestorA) == b.RelaysPublished && Applied(ingestorB) == a.RelaysPublished, "every relay applied by the other replica");
        TestContext.Current.TestOutputHelper?.WriteLine($"replica A stored and relayed {a.RelaysPublished} batches, B {b.RelaysPublished}; A applied {Applied(ingestorA)}, B applied {Applied(ingestorB)}");

        foreach (var directory in new[] { directoryA, directoryB })
        {
            var online = directory.Snapshot().Where(n => !n.IsGateway && n.Online).Select(n => n.NodeId).Order(StringComparer.Ordinal);
            Assert.Equal(devices.Select(d => d.Id).Order(StringComparer.Ordinal), online);
        }

        Assert.Equal(0, ingestorA.Counters.Frames(FrameCount.RelayRefused) + ingestorB.Counters.Frames(FrameCount.RelayRefused));
    }

    [Fact]
    public async Task A_replica_that_loses_the_broker_reconnects_with_backoff_not_in_a_storm_and_takes_batches_again()
    {
        var seed = TestSeed.Pick(4402);
        await using var world = await IngestWorld.CreateAsync();
        var mosquitto = await MosquittoProcess.StartAsync(world.Registry, User, Password);
        var port = mosquitto.Port;
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(IngestWorld.T0));
        await using var ingest = new ExternalBrokerIngest(Options(port, "coordinator-a"), world.Ingestor, clock, random: new Random(seed));
        await ingest.StartAsync(Ct);

        await mosquitto.DisposeAsync();
        await BrokerWorld.WaitUntilAsync(() => !ingest.IsConnected, "the replica noticing the broker is gone");
        await SettledAsync(ingest, clock);

        // ten simulated minutes without a broker, one simulated second at a time
        const int outageSeconds = 600;
        for (var second = 0; second < outageSeconds; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await SettledAsync(ingest, clock);
        }

        var failed = ingest.ReconnectFailures;

        mosquitto = await MosquittoProcess.StartAsync(world.Registry, User, Password, port);
        await using (mosquitto)
        {
            var waited = 0;
            while (!ingest.IsReady && waited++ < 120)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                await SettledAsync(ingest, clock);
            }

            TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed}: {outageSeconds} s outage, {failed} failed reconnection attempts, reconnected {ingest.Reconnects} " +
                $"time(s) {waited} simulated s after the broker returned, {ingest.ConnectAttempts} connection attempts in all");

            // Delays double from 1 s to 30 s, less up to half: over 600 s at least 15 s apart once at the cap, so at most
            // 5 + 570/15 = 43 attempts; a fixed 2 s delay would have made 300. It never gives up either.
            Assert.InRange(failed, 10, 43);
            Assert.True(ingest.IsReady, "the replica did not reconnect and subscribe within 120 simulated seconds of the broker's return");
            Assert.Equal(1, ingest.Reconnects);

            var gateway = world.Fleet.Gateways[0];
            using var client = await ExternalBrokerIngestTests.ConnectAsync(port, gateway.GatewayId, gateway.BrokerPassword);
            var acks = BrokerWorld.Collect(client);
            await client.SubscribeAsync(ProtocolTopics.Gateway(gateway.GatewayId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce, Ct);
            var (frame, _) = IngestWorld.SummaryFrame(world.DevicesOf(gateway.GatewayId)[0], 1, 1, new Random(seed));
            await BrokerWorld.PublishAsync(client, IngestWorld.Up(gateway.GatewayId), world.Seal(gateway.GatewayId, 1, 1, [new DeviceFrameItem(frame)]));
            // the gateway may hold the ack before the replica counts it: wait for both
            await BrokerWorld.WaitUntilAsync(() => !acks.IsEmpty && ingest.AcksPublished >= 1, "an ack after the reconnection");
            Assert.Single(acks);
            Assert.Equal(1, ingest.AcksPublished);
        }
    }

    private static long Applied(BatchIngestor ingestor) => ingestor.Counters.Frames(FrameCount.RelayApplied);

    private static ExternalBrokerOptions Options(int port, string clientId) => new() { Port = port, UserName = User, Password = Password, ClientId = clientId };

    /// <summary>
    /// Waits until the client is subscribed again or waiting for a reconnection attempt not yet due on the fake clock.
    /// (Connected alone is not settled: the reconnection is counted only once the subscriptions are granted.)
    /// </summary>
    private static Task SettledAsync(ExternalBrokerIngest ingest, FakeTimeProvider clock) =>
        BrokerWorld.WaitUntilAsync(() => ingest.IsReady || ingest.ReconnectDueAt > clock.GetUtcNow(), "the reconnection attempt to finish");
}
