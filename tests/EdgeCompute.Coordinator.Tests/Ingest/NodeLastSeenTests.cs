using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Ingest;

/// <summary>
/// Every node has a last-seen time on the coordinator's clock: a device from its birth, its state items and the batches
/// holding its frames; a gateway from its birth, state, status and batches. A restarted coordinator takes the times the
/// store kept instead of showing the nodes as never seen.
/// </summary>
public sealed class NodeLastSeenTests
{
    private static readonly DeviceBirth Birth = new("1.0.0", "esp32", [KernelNames.MonteCarloPi], 320_000, 240, []);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_batch_holding_a_device_frames_moves_that_device_and_its_gateway_forward_and_no_other_device()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gateway = world.GatewayId(0);
        var devices = world.DevicesOf(gateway);
        var directory = new NodeDirectory(time: world.Clock);
        var ingestor = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, time: world.Clock, nodes: directory);
        var random = new Random(18);

        await Ingest(ingestor, world, gateway, 1, [new DeviceFrameItem(NodeFrames.BirthFrame(devices[0], 1, Birth)), new DeviceFrameItem(NodeFrames.BirthFrame(devices[1], 1, Birth))]);
        var born = world.Clock.GetUtcNow();
        world.Clock.Advance(TimeSpan.FromSeconds(30));
        await Ingest(ingestor, world, gateway, 2, [new DeviceFrameItem(IngestWorld.SummaryFrame(devices[0], 1, 1, random).Frame),
            new DeviceFrameItem(IngestWorld.SummaryFrame(devices[0], 1, 2, random).Frame)]);

        var nodes = directory.Snapshot().ToDictionary(n => n.NodeId);
        Assert.Equal(born.AddSeconds(30), nodes[devices[0].Id].LastSeen);
        Assert.Equal(born, nodes[devices[1].Id].LastSeen);
        Assert.Equal(born.AddSeconds(30), nodes[gateway].LastSeen);
        Assert.DoesNotContain(directory.Snapshot(), n => n.NodeId == devices[2].Id);
    }

    [Fact]
    public void A_gateway_is_seen_at_its_birth_state_and_status_and_a_device_at_a_state_item_even_a_stale_one()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(IngestWorld.T0));
        var directory = new NodeDirectory(time: clock);
        directory.GatewayBirth(new GatewayBirth("gw-1", 1, IngestWorld.T0, 2, 1 << 30, false, ["dev-1"], "u4pru", []));
        Assert.Equal(clock.GetUtcNow(), Seen(directory, "gw-1"));

        clock.Advance(TimeSpan.FromSeconds(5));
        directory.GatewayStatus("gw-1", new GatewayStatus(500, 1 << 20, 3));
        Assert.Equal(clock.GetUtcNow(), Seen(directory, "gw-1"));

        clock.Advance(TimeSpan.FromSeconds(5));
        directory.GatewayState("gw-1", true);
        directory.DeviceState("gw-1", new DeviceStateItem("dev-1", true, IngestWorld.T0 + 100));
        directory.DeviceState("gw-1", new DeviceStateItem("dev-1", false, IngestWorld.T0 + 50)); // older report, still a sign of life
        Assert.Equal(clock.GetUtcNow(), Seen(directory, "gw-1"));
        Assert.Equal(clock.GetUtcNow(), Seen(directory, "dev-1"));
    }

    [Fact]
    public async Task A_restarted_directory_takes_the_stored_receive_times_and_a_live_time_is_never_moved_back()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gateway = world.GatewayId(0);
        var devices = world.DevicesOf(gateway);
        var before = new NodeDirectory(time: world.Clock);
        var ingestor = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, time: world.Clock, nodes: before);
        var random = new Random(18);
        await Ingest(ingestor, world, gateway, 1, [new DeviceFrameItem(NodeFrames.BirthFrame(devices[0], 1, Birth))]);
        world.Clock.Advance(TimeSpan.FromSeconds(10));
        await Ingest(ingestor, world, gateway, 2, [new DeviceStateItem(devices[1].Id, true, IngestWorld.T0 + 5)]);
        world.Clock.Advance(TimeSpan.FromSeconds(10));
        await Ingest(ingestor, world, gateway, 3, [new DeviceFrameItem(IngestWorld.SummaryFrame(devices[2], 1, 1, random).Frame)]);
        world.Clock.Advance(TimeSpan.FromSeconds(10));
        await Ingest(ingestor, world, gateway, 4, [new DeviceFrameItem(IngestWorld.SummaryFrame(devices[0], 1, 1, random).Frame)]);

        var after = new NodeDirectory(time: world.Clock);
        after.Restore(await world.Sqlite.ReadDeviceNodesAsync(Ct), _ => true);
        var restored = after.RestoreLastSeen(await world.Sqlite.ReadNodesSeenAsync(Ct), (id, _) => id != devices[3].Id);

        Assert.Equal(3, restored); // the gateway and the two devices with a birth or a state
        var expected = before.Snapshot().Where(n => n.LastSeen is not null).Select(n => (n.NodeId, n.LastSeen)).ToList();
        Assert.Equal([devices[0].Id, devices[1].Id, gateway], expected.Select(e => e.NodeId)); // the snapshot is ordered by id
        Assert.Equal(expected, after.Snapshot().Where(n => n.LastSeen is not null).Select(n => (n.NodeId, n.LastSeen)).ToList());
        Assert.Equal(world.Clock.GetUtcNow(), Seen(after, devices[0].Id)); // its frames' batch, after its birth's
        Assert.DoesNotContain(after.Snapshot(), n => n.NodeId == devices[2].Id); // telemetry only: not a compute node

        var live = new NodeDirectory(time: world.Clock);
        world.Clock.Advance(TimeSpan.FromSeconds(10));
        live.GatewayState(gateway, true);
        live.RestoreLastSeen(await world.Sqlite.ReadNodesSeenAsync(Ct), (_, _) => true);
        Assert.Equal(world.Clock.GetUtcNow(), Seen(live, gateway));
    }

    private static DateTimeOffset? Seen(NodeDirectory directory, string nodeId) => directory.Snapshot().Single(n => n.NodeId == nodeId).LastSeen;

    private static async Task Ingest(BatchIngestor ingestor, IngestWorld world, string gateway, ulong seq, IReadOnlyList<BatchItem> items)
    {
        var bytes = GatewayBatchCodec.Encode(BatchSealer.Seal(new GatewayBatchBody(items, null), gateway, 1, seq, BatchCodec.Brotli, world.GatewayKey(gateway)));
        Assert.Equal(IngestOutcome.Stored, (await ingestor.IngestAsync(IngestWorld.Up(gateway), bytes, Ct)).Outcome);
    }
}
