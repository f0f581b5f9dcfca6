using System.Collections.Concurrent;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Integration.Tests.Services;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Tests;
using MQTTnet;

namespace EdgeCompute.Integration.Tests.Security;

/// <summary>
/// What a gateway that holds its own key and password (or someone between it and the coordinator) can try, end to end
/// across a real coordinator (embedded broker, SQLite stores), real gateways and simulated devices.
/// </summary>
public sealed class CompromisedGatewayTests
{
    [Fact]
    public async Task A_result_altered_by_a_gateway_is_rejected_by_the_coordinator_while_the_same_results_through_an_honest_gateway_count()
    {
        var seed = TestSeed.Pick(20261208);
        var provisioned = FleetProvisioner.Create(new FleetSpec(3, 2, 6));
        var fleet = new TestFleet("", provisioned.Coordinator, provisioned.Gateways, provisioned.Devices);
        var (cheating, honest) = (fleet.Gateways[0], fleet.Gateways[1]);
        await using var network = await LocalNetwork.StartAsync(fleet);
        var relay = network.Own(new UplinkRelay(cheating, network.BrokerPort));
        var altered = new ConcurrentDictionary<(string Device, uint Boot, uint Seq), bool>();
        relay.Alter = opened =>
        {
            var items = opened.Body.Items.Select(item =>
            {
                if (item is not DeviceFrameItem { Frame: var bytes } || DeviceFrameCodec.Decode(bytes).Value is not { Type: FrameType.Result } frame
                    || TaskResultCodec.Decode(frame.Body).Value is not { Output: MonteCarloPiOutput pi } result)
                {
                    return item;
                }

                // one more sample inside the circle: a plausible, profitable lie; the device's MAC is kept
                altered.TryAdd((frame.DeviceId, frame.Boot, frame.Seq), true);
                var body = TaskResultCodec.Encode(result with { Output = pi with { Inside = pi.Inside + 1 } });
                return new DeviceFrameItem(DeviceFrameCodec.Encode(frame with { Body = body }));
            }).ToArray();
            return new GatewayBatchBody(items, opened.Body.Status);
        };
        await relay.StartAsync();
        await network.StartGatewayAsync(cheating, o => o.Uplink.ResendTimeout = TimeSpan.FromMinutes(2), relay.Url);
        await network.StartGatewayAsync(honest, o => o.Uplink.ResendTimeout = TimeSpan.FromMinutes(2));
        var devices = network.Devices(fleet.Devices, seed);
        using var stop = new CancellationTokenSource();
        var simulation = devices.RunAsync(Timeout.InfiniteTimeSpan, stop.Token);
        var coordinator = network.Coordinator;
        await Eventually.TrueAsync(() => coordinator.Nodes.Snapshot().Count(n => !n.IsGateway && n.Online) == fleet.Devices.Count, "every device online at the coordinator");

        var researcher = fleet.Coordinator.Owners[^1].Id;
        var funded = await coordinator.Stores.Ledger.AppendAsync(
            [Deposits.Credit(Deposits.KeyFor($"it-{seed}"), AccountId.Owner(researcher), 10_000_000, 0)], cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(funded.IsSuccess, funded.ReasonCode.ToString());
        var submitted = await coordinator.Work.Intake.SubmitAsync(new JobSubmission(new MonteCarloPiJobSpec(400_000, 20_000, (ulong)seed), researcher, 500_000),
            TestContext.Current.CancellationToken);
        Assert.True(submitted.IsAccepted, $"{submitted.Reason} {submitted.Detail}");

        var work = coordinator.Work.Counters;
        await Eventually.TrueAsync(() => altered.Count >= 3 && work[WorkCounter.ResultBadMac] >= 3 && work[WorkCounter.ResultValid] >= 3,
            "altered results through the cheating gateway and valid ones through the honest gateway", TimeSpan.FromSeconds(90));
        await stop.CancelAsync();
        await simulation;
        await devices.DisposeAsync();
        await network.DrainedAsync();

        TestContext.Current.TestOutputHelper!.WriteLine(
            $"seed {seed}: results altered by {cheating.GatewayId} {altered.Count}; work counters {string.Join(", ", work.Snapshot().Select(c => $"{c.Key} {c.Value}"))}");
        Assert.Equal(altered.Count, work[WorkCounter.ResultBadMac]);
        Assert.Equal(0, work[WorkCounter.ResultNotIssued]);
    }

    [Fact]
    public async Task A_replayed_batch_is_acknowledged_again_but_stored_once_and_another_gateway_cannot_replay_it()
    {
        var seed = TestSeed.Pick(20261209);
        var provisioned = FleetProvisioner.Create(new FleetSpec(2, 2, 4));
        var fleet = new TestFleet("", provisioned.Coordinator, provisioned.Gateways, provisioned.Devices);
        var (gatewayFile, other) = (fleet.Gateways[0], fleet.Gateways[1]);
        await using var network = await LocalNetwork.StartAsync(fleet);
        var relay = network.Own(new UplinkRelay(gatewayFile, network.BrokerPort));
        await relay.StartAsync();
        var gateway = await network.StartGatewayAsync(gatewayFile, o => o.Uplink.ResendTimeout = TimeSpan.FromMinutes(2), relay.Url);
        var devices = network.Devices(fleet.DevicesOf(gatewayFile.GatewayId), seed);
        using var stop = new CancellationTokenSource();
        var simulation = devices.RunAsync(Timeout.InfiniteTimeSpan, stop.Token);
        var coordinator = network.Coordinator;
        var ct = TestContext.Current.CancellationToken;
        await Eventually.TrueAsync(async () => relay.Forwarded.Count >= 5 && (await coordinator.Stores.Telemetry.ReadStatsAsync(ct)).ReadingsStored > 0, "batches with readings stored");
        await stop.CancelAsync();
        var report = await simulation;
        await devices.DisposeAsync();
        // The devices' leaving goes upstream too (offline state items); once the coordinator has it, nothing more comes.
        await Eventually.TrueAsync(() => coordinator.Nodes.Snapshot().Where(n => !n.IsGateway && n.GatewayId == gatewayFile.GatewayId).All(n => !n.Online),
            "the devices' leaving at the coordinator");
        await network.DrainedAsync();
        var before = await coordinator.Stores.Telemetry.ReadStatsAsync(ct);
        var duplicatesBefore = coordinator.Ingestor.Counters.Batches(IngestOutcome.Duplicate);

        var captured = relay.Forwarded.ToArray();
        foreach (var up in captured)
        {
            var replay = await relay.ReplayAsync(up);
            Assert.Equal(MqttClientPublishReasonCode.Success, replay.ReasonCode);
        }

        using var thief = new MqttClientFactory().CreateMqttClient();
        await thief.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", network.BrokerPort).WithClientId(other.GatewayId)
            .WithCredentials(other.BrokerUsername, other.BrokerPassword).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).Build(), ct);
        var onVictimsTopic = await thief.PublishAsync(Up(gatewayFile.GatewayId, captured[0]), ct);
        var onOwnTopic = await thief.PublishAsync(Up(other.GatewayId, captured[0]), ct);
        var after = await coordinator.Stores.Telemetry.ReadStatsAsync(ct);

        TestContext.Current.TestOutputHelper!.WriteLine($"seed {seed}: {captured.Length} batches replayed; before {before}; after {after}");
        Assert.Equal(captured.Length, coordinator.Ingestor.Counters.Batches(IngestOutcome.Duplicate) - duplicatesBefore);
        Assert.Equal(before.BatchesStored, after.BatchesStored);
        Assert.Equal(before.ReadingsStored, after.ReadingsStored);
        Assert.Equal(report.Totals.ReadingsPublished, after.ReadingsStored);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, onVictimsTopic.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.UnspecifiedError, onOwnTopic.ReasonCode);
        Assert.Equal(1, coordinator.Ingestor.Counters.Batches(IngestOutcome.TopicMismatch));
        Assert.Equal(0, gateway.Outbox.PendingItems);
    }

    [Fact]
    public async Task Forged_acks_do_not_make_a_gateway_delete_anything_and_the_genuine_ack_does()
    {
        var seed = TestSeed.Pick(20261210);
        var provisioned = FleetProvisioner.Create(new FleetSpec(2, 2, 4));
        var fleet = new TestFleet("", provisioned.Coordinator, provisioned.Gateways, provisioned.Devices);
        var gatewayFile = fleet.Gateways[0];
        await using var network = await LocalNetwork.StartAsync(fleet);
        var relay = network.Own(new UplinkRelay(gatewayFile, network.BrokerPort) { HoldAcks = true });
        await relay.StartAsync();
        var gateway = await network.StartGatewayAsync(gatewayFile, o => o.Uplink.ResendTimeout = TimeSpan.FromMinutes(2), relay.Url);
        var devices = network.Devices(fleet.DevicesOf(gatewayFile.GatewayId), seed);
        using var stop = new CancellationTokenSource();
        var simulation = devices.RunAsync(Timeout.InfiniteTimeSpan, stop.Token);
        await Eventually.TrueAsync(() => relay.HeldAcks.Count >= 3, "three genuine acks held back");
        await stop.CancelAsync();
        var report = await simulation;
        await devices.DisposeAsync();
        // The devices' leaving goes upstream too (offline state items); once the coordinator has it, nothing more comes.
        await Eventually.TrueAsync(() => network.Coordinator.Nodes.Snapshot().Where(n => !n.IsGateway && n.GatewayId == gatewayFile.GatewayId).All(n => !n.Online),
            "the devices' leaving at the coordinator");
        await Eventually.TrueAsync(() => gateway.Outbox.PendingItems == 0, "everything the devices sent cut into batches");
        await Eventually.TrueAsync(() => relay.HeldAcks.Count == relay.Forwarded.Count, "an ack held for every batch");
        var unacked = gateway.Outbox.UnackedBatches;

        using var wrongKey = P256Keys.Generate();
        using var coordinatorKey = P256Keys.ImportPrivateKey(fleet.Coordinator.CoordinatorPrivateKey);
        var genuine = relay.HeldAcks.ToArray();
        var forged = new List<byte[]>();
        foreach (var ack in genuine.Select(a => CoordinatorAckCodec.Decode(a).Value))
        {
            forged.Add(CoordinatorAckCodec.Encode(CoordinatorAckSignature.Sign(ack, wrongKey))); // the right content, not the coordinator's signature
            forged.Add(CoordinatorAckCodec.Encode(CoordinatorAckSignature.Sign(ack with { GatewayId = fleet.Gateways[1].GatewayId }, coordinatorKey))); // another gateway's genuine ack
            var signed = CoordinatorAckCodec.Encode(ack).ToArray();
            signed[^1] ^= 0x01; // a bit of the genuine signature flipped
            forged.Add(signed);
        }

        foreach (var ack in forged)
        {
            await relay.InjectAsync(GatewayTopicKind.Ack, ack);
        }

        await Eventually.TrueAsync(() => gateway.Uplink.Events[UplinkEvent.AckRejected] == forged.Count, "every forged ack rejected");
        Assert.Equal(0, gateway.Uplink.Events[UplinkEvent.AckAccepted]);
        Assert.Equal(unacked, gateway.Outbox.UnackedBatches);

        relay.HoldAcks = false;
        foreach (var ack in genuine)
        {
            await relay.InjectAsync(GatewayTopicKind.Ack, ack);
        }

        await Eventually.TrueAsync(() => gateway.Outbox.UnackedBatches == 0, "the genuine acks to delete the batches");
        var stats = await network.Coordinator.Stores.Telemetry.ReadStatsAsync(TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper!.WriteLine($"seed {seed}: {unacked} batches held, {forged.Count} forged acks rejected, {genuine.Length} genuine acks accepted");
        Assert.Equal(genuine.Length, gateway.Uplink.Events[UplinkEvent.AckAccepted]);
        Assert.Equal(report.Totals.ReadingsPublished, stats.ReadingsStored);
    }

    private static MqttApplicationMessage Up(string gatewayId, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Up)).WithPayload(payload)
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build();
}
