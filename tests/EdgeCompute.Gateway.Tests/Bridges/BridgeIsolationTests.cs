using System.Net;
using System.Net.Sockets;
using EdgeCompute.Gateway.Bridges;
using EdgeCompute.Gateway.Bridges.HomeAssistant;
using EdgeCompute.Gateway.Bridges.Sparkplug;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;

namespace EdgeCompute.Gateway.Tests.Bridges;

/// <summary>
/// Never in the way: with every bridge on and its broker down, silent or refusing the credentials, every device frame is
/// still stored, batched and acknowledged upstream, while each bridge's own bounded queue fills and drops its oldest
/// events, counted. The bridges have no path to the outbox, the uplink or the device broker: these counts show it.
/// </summary>
public sealed class BridgeIsolationTests
{
    private const int QueueCapacity = 4;
    private const uint WindowsPerDevice = 15;

    [Fact]
    public async Task Bridges_whose_brokers_are_down_or_silent_drop_their_oldest_events_while_ingest_and_uplink_lose_nothing()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0); // accepts, never answers: a broker that hangs
        silent.Start();
        var downPort = FreePort.BelowEphemeralRange(); // nothing listens: a broker that is down
        var homeAssistant = new HomeAssistantBridge(new HomeAssistantOptions { Enabled = true, Broker = Unreachable(((IPEndPoint)silent.LocalEndpoint).Port) });
        var sparkplug = new SparkplugBridge(new SparkplugOptions { Enabled = true, Broker = Unreachable(downPort) });

        var stored = await RunDevicesAsync([homeAssistant, sparkplug]);

        foreach (var bridge in new IGatewayBridge[] { homeAssistant, sparkplug })
        {
            var counters = bridge.Counters;
            Assert.False(counters.Connected);
            Assert.Equal(0, counters.Published);
            Assert.True(counters.Posted >= stored, $"{bridge.Name}: {counters}");
            Assert.Equal(counters.Posted - QueueCapacity, counters.Dropped); // the queue holds its capacity, the rest is dropped
        }
    }

    [Fact]
    public async Task A_bridge_whose_broker_refuses_its_credentials_counts_the_refusals_and_stays_out_of_the_data_path()
    {
        using var broker = BridgeBroker.FromEnvironment();
        var options = new HomeAssistantOptions { Enabled = true, Broker = broker.Options(broker.SecretFile("wrong-password", "not-the-password")) };
        options.Broker.QueueCapacity = QueueCapacity;
        var bridge = new HomeAssistantBridge(options);

        var stored = await RunDevicesAsync([bridge], waitForRefusal: bridge);

        Assert.True(bridge.Counters.ConnectFailures >= 1, bridge.Counters.ToString());
        Assert.Equal(0, bridge.Counters.Published);
        Assert.Equal(bridge.Counters.Posted - QueueCapacity, bridge.Counters.Dropped);
        Assert.True(stored > QueueCapacity);
    }

    private static BridgeBrokerOptions Unreachable(int port) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        OperationTimeout = TimeSpan.FromMilliseconds(300),
        BackoffInitial = TimeSpan.FromMilliseconds(50),
        BackoffMax = TimeSpan.FromMilliseconds(200),
        QueueCapacity = QueueCapacity,
    };

    /// <summary>Two devices send their windows through a gateway with the bridges on; returns the frames stored (all of them, checked).</summary>
    private static async Task<long> RunDevicesAsync(IReadOnlyList<IGatewayBridge> bridges, IGatewayBridge? waitForRefusal = null)
    {
        await using var gateway = new TestGateway(devices: 2);
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(50);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url, bridges: bridges);
        await node.StartAsync(TestContext.Current.CancellationToken);
        if (waitForRefusal is not null)
        {
            await Eventually.TrueAsync(() => waitForRefusal.Counters.ConnectFailures >= 1, "the broker refused the bridge");
        }

        for (var d = 0; d < 2; d++)
        {
            var entry = gateway.File.Devices[d];
            using var device = await BridgeDevice.ConnectAsync(gateway.Options.DeviceBroker.Port, entry.DeviceId, entry.BrokerCredential, gateway.KeyOf(d));
            await device.StateAsync(online: true);
            for (var seq = 1u; seq <= WindowsPerDevice; seq++)
            {
                await device.WindowAsync(boot: 1, seq);
            }
        }

        // Every frame reaches the coordinator and is acknowledged, whatever the bridges' brokers do.
        await Eventually.TrueAsync(
            () => gateway.File.Devices.All(e => Enumerable.Range(1, (int)WindowsPerDevice).All(s => fixture.HasFrame(e.DeviceId, 1, (uint)s)))
                && node.Outbox.PendingItems == 0 && node.Outbox.UnackedBatches == 0, // the devices' leaving goes upstream too
            "every frame stored upstream and acknowledged",
            TimeSpan.FromSeconds(60));
        var counters = node.Counters();
        Assert.Equal(2 * WindowsPerDevice, (uint)counters.Ingest[IngestOutcome.Stored] - 2); // two states besides the windows
        Assert.Equal(0, counters.Outbox.PendingItems);
        Assert.All(bridges, b => Assert.True(b.Counters.Posted >= 2 * WindowsPerDevice + 2, b.Counters.ToString()));

        // The bridges' failures are their own: each counted a failed connection (down, silent after its timeout, refused).
        await Eventually.TrueAsync(() => bridges.All(b => b.Counters.ConnectFailures >= 1), "every bridge counted a failed connection");
        await node.StopAsync(TestContext.Current.CancellationToken);
        return counters.Ingest[IngestOutcome.Stored];
    }
}
