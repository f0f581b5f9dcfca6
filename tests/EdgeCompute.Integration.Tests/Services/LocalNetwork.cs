using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Firmware.Simulator.Devices;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Runtime;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Integration.Tests.Services;

/// <summary>
/// The real components in one test process on loopback: a <see cref="CoordinatorNode"/> with its embedded central broker
/// (SQLite in a temporary folder, or a PostgreSQL database), <see cref="GatewayNode"/>s with their device brokers, and
/// simulated devices (the real firmware core over MQTT). Ports are free loopback ports; everything is stopped on disposal.
/// </summary>
internal sealed class LocalNetwork : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<string, int> _ports = new(StringComparer.Ordinal);

    private LocalNetwork(TestFleet fleet, string folder, CoordinatorNode coordinator, int brokerPort)
    {
        Fleet = fleet;
        Folder = folder;
        Coordinator = coordinator;
        BrokerPort = brokerPort;
    }

    public TestFleet Fleet { get; }

    public string Folder { get; }

    public CoordinatorNode Coordinator { get; }

    public int BrokerPort { get; }

    public string BrokerUrl => $"mqtt://127.0.0.1:{BrokerPort}";

    public Dictionary<string, GatewayNode> Gateways { get; } = new(StringComparer.Ordinal);

    public static async Task<LocalNetwork> StartAsync(TestFleet fleet, string? postgres = null, Action<CoordinatorOptions>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("ec-it-net-").FullName;
        var port = FreePort.Next();
        var options = new CoordinatorOptions
        {
            DataFolder = Path.Combine(folder, "coordinator"),
            PostgresConnectionString = postgres,
            Broker = new CentralBrokerOptions { BindAddress = "127.0.0.1", Port = port },
            PumpInterval = TimeSpan.FromMilliseconds(200),
            CloseEpochs = false,
        };
        configure?.Invoke(options);
        var coordinator = new CoordinatorNode(options, new FleetRegistry(fleet.Coordinator));
        await coordinator.StartAsync(TestContext.Current.CancellationToken);
        return new LocalNetwork(fleet, folder, coordinator, port);
    }

    /// <summary>Starts the gateway with the given file (WebAssembly off; quick batches); its uplink goes to the coordinator unless another URL is given.</summary>
    public async Task<GatewayNode> StartGatewayAsync(GatewayFile file, Action<GatewayOptions>? configure = null, string? brokerUrl = null)
    {
        var options = new GatewayOptions { DataFolder = Path.Combine(Folder, "gateways", file.GatewayId) };
        options.DeviceBroker.Port = FreePort.Next();
        options.Uplink.BrokerUrl = brokerUrl ?? BrokerUrl;
        options.Uplink.BackoffInitial = TimeSpan.FromMilliseconds(100);
        options.Uplink.BackoffMax = TimeSpan.FromSeconds(1);
        options.Batching.MaxAge = TimeSpan.FromMilliseconds(100);
        options.Batching.StatusInterval = TimeSpan.FromSeconds(2);
        options.Wasm.Enabled = false;
        configure?.Invoke(options);
        var node = Own(new GatewayNode(options, file));
        await node.StartAsync(TestContext.Current.CancellationToken);
        Gateways[file.GatewayId] = node;
        _ports[file.GatewayId] = options.DeviceBroker.Port;
        return node;
    }

    /// <summary>Simulated devices (honest unless the plan says otherwise), each pointed at its started gateway's device broker.</summary>
    public FleetSimulator Devices(IEnumerable<DeviceFile> devices, int seed, SimulationPlan? plan = null, Action<FleetSimulatorOptions>? configure = null)
    {
        var identities = devices.Select(d => SimulatedDeviceIdentity.FromDeviceFile(
            d with { GatewayHost = "127.0.0.1", GatewayPort = GatewayPort(d.GatewayId) })).ToArray();
        var options = new FleetSimulatorOptions { Seed = seed, SampleIntervalMs = 200, WindowLengthMs = 1000 };
        configure?.Invoke(options);
        return Own(new FleetSimulator(identities, options, plan, TimeProvider.System));
    }

    /// <summary>The device broker port of a started gateway.</summary>
    public int GatewayPort(string gatewayId) =>
        _ports.TryGetValue(gatewayId, out var port) ? port : throw new InvalidOperationException($"gateway {gatewayId} is not started");

    /// <summary>Waits until every started gateway has delivered and had acknowledged everything it holds.</summary>
    public Task DrainedAsync(TimeSpan? limit = null) =>
        Eventually.TrueAsync(() => Gateways.Values.All(g => g.Outbox.PendingItems == 0 && g.Outbox.UnackedBatches == 0), "every gateway's outbox to drain", limit);

    public T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        await Coordinator.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temporary folder is harmless
        }
    }

}
