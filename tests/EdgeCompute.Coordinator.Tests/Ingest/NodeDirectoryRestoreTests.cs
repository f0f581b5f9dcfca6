using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Ingest;

/// <summary>
/// A restarted coordinator knows the devices it stored births for: the node directory it rebuilds from the store equals
/// the one the previous process built from the batches, so devices that stay connected (and so are not born again) get
/// work as soon as their gateway is back.
/// </summary>
public sealed class NodeDirectoryRestoreTests
{
    private static readonly DeviceBirth Birth = new("1.0.0", "esp32", [KernelNames.PrimesCount, KernelNames.MonteCarloPi], 320_000, 240, []);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_directory_restored_from_the_store_equals_the_one_built_from_the_batches_once_the_gateway_is_back()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gateway = world.GatewayId(0);
        var devices = world.DevicesOf(gateway);
        var before = new NodeDirectory();
        var ingestor = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, time: world.Clock, nodes: before);
        before.GatewayBirth(GatewayBirthOf(gateway, devices));

        await Ingest(ingestor, world, gateway, 1, [new DeviceFrameItem(BirthFrame(devices[0], 1)), new DeviceFrameItem(BirthFrame(devices[1], 1)),
            new DeviceFrameItem(BirthFrame(devices[2], 1))]);
        await Ingest(ingestor, world, gateway, 2, [new DeviceStateItem(devices[1].Id, false, IngestWorld.T0 + 5)]);
        await Ingest(ingestor, world, gateway, 3, [new DeviceFrameItem(BirthFrame(devices[2], 2)), new DeviceStateItem(devices[3].Id, true, IngestWorld.T0 + 6)]);

        // the restart: a new directory from the store; nothing is online until the gateway is heard from again
        var after = new NodeDirectory();
        var (restored, unreadable) = after.Restore(await world.Sqlite.ReadDeviceNodesAsync(Ct), _ => true);
        Assert.Equal((4, 0), (restored, unreadable));
        Assert.DoesNotContain(after.Snapshot(), n => n.Online);

        after.GatewayBirth(GatewayBirthOf(gateway, devices));
        Assert.Equal(Describe(before), Describe(after));
        var known = after.Snapshot().Where(n => !n.IsGateway).ToDictionary(n => n.NodeId);
        Assert.True(known[devices[0].Id].Online);
        Assert.False(known[devices[1].Id].Online); // reported offline after its birth
        Assert.True(known[devices[2].Id].Online);
        Assert.False(known[devices[3].Id].Online); // online, but no birth: no capabilities, no work
    }

    [Fact]
    public async Task Restoring_leaves_devices_heard_since_the_start_and_devices_the_caller_excludes_alone()
    {
        await using var world = await IngestWorld.CreateAsync();
        var gateway = world.GatewayId(0);
        var devices = world.DevicesOf(gateway);
        var ingestor = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, time: world.Clock, nodes: new NodeDirectory());
        await Ingest(ingestor, world, gateway, 1, [new DeviceFrameItem(BirthFrame(devices[0], 1)), new DeviceFrameItem(BirthFrame(devices[1], 1)),
            new DeviceFrameItem(BirthFrame(devices[2], 1))]);

        var directory = new NodeDirectory();
        directory.GatewayBirth(GatewayBirthOf(gateway, devices));
        directory.DeviceState(gateway, new DeviceStateItem(devices[0].Id, false, IngestWorld.T0 + 9)); // heard live: newer than the store
        var (restored, _) = directory.Restore(await world.Sqlite.ReadDeviceNodesAsync(Ct), id => id != devices[2].Id);

        Assert.Equal(1, restored);
        var known = directory.Snapshot().Where(n => !n.IsGateway).ToDictionary(n => n.NodeId);
        Assert.False(known[devices[0].Id].Online);
        Assert.True(known[devices[1].Id].Online);
        Assert.False(known.ContainsKey(devices[2].Id));
    }

    [Fact]
    public void A_stored_birth_that_cannot_be_read_is_counted_and_the_device_gets_no_capabilities()
    {
        var directory = new NodeDirectory();
        directory.GatewayBirth(new GatewayBirth("gw-1", 1, IngestWorld.T0, 2, 1 << 30, false, ["dev-1"], "u4pru", []));

        var (restored, unreadable) = directory.Restore([new DeviceNodeRecord("dev-1", "gw-1", 1, [0xff, 0x00, 0x13], true, long.MinValue)], _ => true);

        Assert.Equal((1, 1), (restored, unreadable));
        var device = Assert.Single(directory.Snapshot(), n => !n.IsGateway);
        Assert.Empty(device.Kernels);
        Assert.False(device.Online);
    }

    private static GatewayBirth GatewayBirthOf(string gateway, IReadOnlyList<DeviceRecord> devices) =>
        new(gateway, 1, IngestWorld.T0, 4, 1 << 30, true, [.. devices.Select(d => d.Id)], "u4pru", []);

    private static async Task Ingest(BatchIngestor ingestor, IngestWorld world, string gateway, ulong seq, IReadOnlyList<BatchItem> items)
    {
        var bytes = GatewayBatchCodec.Encode(BatchSealer.Seal(new GatewayBatchBody(items, new GatewayStatus(500, 1 << 20, 0)), gateway, 1, seq, BatchCodec.Brotli,
            world.GatewayKey(gateway)));
        Assert.Equal(IngestOutcome.Stored, (await ingestor.IngestAsync(IngestWorld.Up(gateway), bytes, Ct)).Outcome);
    }

    private static byte[] BirthFrame(DeviceRecord device, uint boot) => NodeFrames.BirthFrame(device, boot, Birth);

    /// <summary>The devices as the scheduler sees them (a gateway's resource status is not stored; its next batch brings it).</summary>
    private static string Describe(NodeDirectory directory) => NodeFrames.Describe(directory, devicesOnly: true);
}
