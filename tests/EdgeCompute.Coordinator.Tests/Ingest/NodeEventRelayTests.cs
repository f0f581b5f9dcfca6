using System.Security.Cryptography;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Coordinator.Tests.Ingest;

/// <summary>
/// Replicas sharing node events: the replica that stores a batch encodes what it said about nodes, and another replica
/// applying that message ends up with the same node directory. Anything not a device's own birth frame, a state or a
/// status is refused whole and counted.
/// </summary>
public sealed class NodeEventRelayTests
{
    private static readonly DeviceBirth Birth = new("1.0.0", "esp32", [KernelNames.PrimesCount, KernelNames.MonteCarloPi], 320_000, 240, []);

    [Fact]
    public async Task A_replica_applying_the_relayed_node_events_of_a_batch_knows_the_same_nodes_as_the_replica_that_stored_it()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gateway = world.GatewayId(0);
        var devices = world.DevicesOf(gateway);
        var storing = new NodeDirectory();
        var other = new NodeDirectory();
        var ingestor = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, time: world.Clock, nodes: storing);
        var receiving = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, time: world.Clock, nodes: other);
        foreach (var directory in new[] { storing, other })
        {
            directory.GatewayBirth(new GatewayBirth(gateway, 1, IngestWorld.T0, 4, 1 << 30, true, [.. devices.Select(d => d.Id)], "u4pru", []));
        }

        BatchItem[] items = [new DeviceFrameItem(BirthFrame(devices[0], 3)), new DeviceFrameItem(BirthFrame(devices[1], 1)),
            new DeviceStateItem(devices[1].Id, false, IngestWorld.T0 + 5), new DeviceFrameItem(IngestWorld.SummaryFrame(devices[2], 1, 1, new Random(7)).Frame)];
        var stored = await world.Ingestor.IngestAsync(IngestWorld.Up(gateway), Sealed(world, gateway, 1, items, new GatewayStatus(500, 1 << 20, 3)), Ct);
        var result = await ingestor.IngestAsync(IngestWorld.Up(gateway), Sealed(world, gateway, 2, items, new GatewayStatus(500, 1 << 20, 3)), Ct);
        Assert.Equal(IngestOutcome.Stored, stored.Outcome);
        Assert.Equal(IngestOutcome.Stored, result.Outcome);
        Assert.NotNull(result.NodeEvents);

        Assert.True(receiving.ApplyRelayedNodeEvents(ProtocolTopics.CoordinatorNodes(gateway), result.NodeEvents));

        Assert.Equal(Describe(storing), Describe(other));
        var known = other.Snapshot().Where(n => !n.IsGateway).ToDictionary(n => n.NodeId);
        Assert.True(known[devices[0].Id].Online);
        Assert.False(known[devices[1].Id].Online); // born, then reported offline
        Assert.False(known.ContainsKey(devices[2].Id)); // telemetry says nothing about capabilities
        Assert.Equal(2 + new NodeDirectoryOptions().GatewayQueuedTaskSlots, other.Snapshot().Single(n => n.IsGateway).Capacity); // 4 cores at 50 % idle, plus the queued slots
        Assert.Equal(1, receiving.Counters.Frames(FrameCount.RelayApplied));
        Assert.Equal(0, receiving.Counters.Frames(FrameCount.RelayRefused));
    }

    [Fact]
    public async Task A_batch_that_says_nothing_about_nodes_has_nothing_to_relay()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gateway = world.GatewayId(0);
        var frame = IngestWorld.SummaryFrame(world.DevicesOf(gateway)[0], 1, 1, new Random(3)).Frame;

        var result = await world.IngestAsync(gateway, world.Seal(gateway, 1, 1, [new DeviceFrameItem(frame)]));

        Assert.Equal(IngestOutcome.Stored, result.Outcome);
        Assert.Null(result.NodeEvents);
    }

    [Fact]
    public async Task Relayed_node_events_that_are_forged_malformed_or_on_a_bad_topic_are_refused_whole_and_counted()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gateway = world.GatewayId(0);
        var devices = world.DevicesOf(gateway);
        var directory = new NodeDirectory();
        var ingestor = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, time: world.Clock, nodes: directory);
        var state = new DeviceStateItem(devices[1].Id, true, IngestWorld.T0);
        var good = Body([new DeviceFrameItem(BirthFrame(devices[0], 1)), state]);
        var forgedBirth = Body([new DeviceFrameItem(IngestWorld.Altered(BirthFrame(devices[0], 1))), state]);
        var strangerKey = new byte[32];
        RandomNumberGenerator.Fill(strangerKey);
        var strangerBirth = Body([new DeviceFrameItem(DeviceFrameCodec.Encode(DeviceFrameMac.Seal(strangerKey, "dev-stranger", 1, 0, FrameType.Birth,
            DeviceBirthCodec.Encode(Birth)))), state]);
        var telemetryInside = Body([new DeviceFrameItem(IngestWorld.SummaryFrame(devices[2], 1, 1, new Random(5)).Frame)]);
        var gapInside = Body([new TelemetryGapItem(devices[2].Id, 1, 1, 2, 10)]);

        Assert.False(ingestor.ApplyRelayedNodeEvents(ProtocolTopics.CoordinatorNodes(gateway), forgedBirth));
        Assert.False(ingestor.ApplyRelayedNodeEvents(ProtocolTopics.CoordinatorNodes(gateway), strangerBirth));
        Assert.False(ingestor.ApplyRelayedNodeEvents(ProtocolTopics.CoordinatorNodes(gateway), telemetryInside));
        Assert.False(ingestor.ApplyRelayedNodeEvents(ProtocolTopics.CoordinatorNodes(gateway), gapInside));
        Assert.False(ingestor.ApplyRelayedNodeEvents(ProtocolTopics.CoordinatorNodes(gateway), new byte[] { 0xA1, 0x01 }));
        Assert.False(ingestor.ApplyRelayedNodeEvents(ProtocolTopics.CoordinatorNodes("gw-unknown"), good));
        Assert.False(ingestor.ApplyRelayedNodeEvents(ProtocolTopics.Gateway(gateway, GatewayTopicKind.Up), good));

        Assert.Empty(directory.Snapshot()); // nothing of a refused message was applied, not even its valid state item
        Assert.Equal(7, ingestor.Counters.Frames(FrameCount.RelayRefused));
        Assert.Equal(0, ingestor.Counters.Frames(FrameCount.RelayApplied));

        Assert.True(ingestor.ApplyRelayedNodeEvents(ProtocolTopics.CoordinatorNodes(gateway), good));
        Assert.Equal([devices[0].Id, devices[1].Id], directory.Snapshot().Select(n => n.NodeId).Order(StringComparer.Ordinal));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] BirthFrame(DeviceRecord device, uint boot) => NodeFrames.BirthFrame(device, boot, Birth);

    private static byte[] Body(IReadOnlyList<BatchItem> items) => GatewayBatchBodyCodec.Encode(new GatewayBatchBody(items, null));

    private static byte[] Sealed(IngestWorld world, string gateway, ulong seq, IReadOnlyList<BatchItem> items, GatewayStatus status) =>
        GatewayBatchCodec.Encode(BatchSealer.Seal(new GatewayBatchBody(items, status), gateway, 1, seq, BatchCodec.Brotli, world.GatewayKey(gateway)));

    private static string Describe(NodeDirectory directory) => NodeFrames.Describe(directory);
}
