using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Tests.Ingest;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Runtime;

/// <summary>
/// A coordinator that restarts on the same data knows what the previous run heard: each gateway's last status with its
/// time, and every node's last-seen time, although nothing has been heard since the start.
/// </summary>
public sealed class CoordinatorRestartNodeStateTests : IDisposable
{
    private static readonly DeviceBirth Birth = new("1.0.0", "esp32", [KernelNames.MonteCarloPi], 320_000, 240, []);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ec-restart-{Guid.NewGuid():N}");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_restarted_coordinator_knows_each_gateways_last_status_and_every_nodes_last_seen_time()
    {
        var fleet = FleetProvisioner.Create(new FleetSpec(2, 2, 4));
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(IngestWorld.T0));
        var gateway = fleet.Gateways[0];
        var device = fleet.Coordinator.Devices.First(d => d.GatewayId == gateway.GatewayId);

        await using (var first = await StartAsync(fleet, clock))
        {
            first.Nodes.GatewayBirth(new GatewayBirth(gateway.GatewayId, 1, IngestWorld.T0, 4, 1 << 30, true, [device.Id], "u4pru", []));
            await IngestAsync(first, gateway, 1, new GatewayStatus(250, 1 << 20, 3), [new DeviceFrameItem(NodeFrames.BirthFrame(device, 1, Birth))]);
            clock.Advance(TimeSpan.FromSeconds(20));
            await IngestAsync(first, gateway, 2, new GatewayStatus(750, 1 << 21, 12, 65_536, 2, 5, 1, 3), []); // status v2
            clock.Advance(TimeSpan.FromSeconds(20));
            await IngestAsync(first, gateway, 3, null, []);
        }

        clock.Advance(TimeSpan.FromMinutes(5));
        await using var second = await StartAsync(fleet, clock);

        var status = second.Nodes.GatewayStatusOf(gateway.GatewayId);
        Assert.Equal(new GatewayStatus(750, 1 << 21, 12, 65_536, 2, 5, 1, 3), status?.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(IngestWorld.T0).AddSeconds(20), status?.ReceivedAt);
        var nodes = second.Nodes.Snapshot().ToDictionary(n => n.NodeId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(IngestWorld.T0).AddSeconds(40), nodes[gateway.GatewayId].LastSeen);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(IngestWorld.T0), nodes[device.Id].LastSeen);
        Assert.Null(second.Nodes.GatewayStatusOf(fleet.Gateways[1].GatewayId));
    }

    [Fact]
    public async Task A_gateway_revoked_before_the_restart_gets_neither_its_status_nor_a_last_seen_time_back()
    {
        var fleet = FleetProvisioner.Create(new FleetSpec(2, 2, 4));
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(IngestWorld.T0));
        var (kept, revoked) = (fleet.Gateways[0], fleet.Gateways[1]);
        await using (var first = await StartAsync(fleet, clock))
        {
            await IngestAsync(first, kept, 1, new GatewayStatus(250, 1 << 20, 3), []);
            await IngestAsync(first, revoked, 1, new GatewayStatus(500, 1 << 20, 4), []);
        }

        var registry = new FleetRegistry(fleet.Coordinator);
        Assert.True(registry.RevokeGateway(revoked.GatewayId));
        await using var second = await StartAsync(registry, clock);

        Assert.NotNull(second.Nodes.GatewayStatusOf(kept.GatewayId));
        Assert.Null(second.Nodes.GatewayStatusOf(revoked.GatewayId));
        Assert.DoesNotContain(second.Nodes.Snapshot(), n => n.NodeId == revoked.GatewayId);
        Assert.Equal(clock.GetUtcNow(), second.Nodes.Snapshot().Single(n => n.NodeId == kept.GatewayId).LastSeen);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private Task<CoordinatorNode> StartAsync(ProvisionedFleet fleet, TimeProvider clock) => StartAsync(new FleetRegistry(fleet.Coordinator), clock);

    private async Task<CoordinatorNode> StartAsync(FleetRegistry registry, TimeProvider clock)
    {
        var node = new CoordinatorNode(new CoordinatorOptions
        {
            DataFolder = _folder,
            Broker = new CentralBrokerOptions { BindAddress = "127.0.0.1", Port = 0 },
            CloseEpochs = false,
        }, registry, clock);
        await node.StartAsync(Ct);
        return node;
    }

    private static async Task IngestAsync(CoordinatorNode node, GatewayFile gateway, ulong seq, GatewayStatus? status, IReadOnlyList<BatchItem> items)
    {
        var bytes = GatewayBatchCodec.Encode(BatchSealer.Seal(new GatewayBatchBody(items, status), gateway.GatewayId, 1, seq, BatchCodec.Brotli,
            P256Keys.ImportPrivateKey(gateway.PrivateKey)));
        Assert.Equal(IngestOutcome.Stored, (await node.Ingestor.IngestAsync(IngestWorld.Up(gateway.GatewayId), bytes, Ct)).Outcome);
    }
}
