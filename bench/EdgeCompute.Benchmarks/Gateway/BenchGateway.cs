using EdgeCompute.Gateway.Bridges;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Uplink;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// The gateway's data path composed from its public API, as the service composes it: outbox, device broker with
/// ingest, optionally the uplink and the bridges (fed after the outbox commit, as <c>GatewayNode</c> feeds them).
/// Options start from the defaults and are checked with the gateway's own validator.
/// </summary>
internal sealed class BenchGateway : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public BenchGateway(BenchFleet fleet, Action<GatewayOptions> configure)
    {
        Fleet = fleet;
        Folder = TempFolders.Create("ec-bench-gw-");
        Options = new GatewayOptions { DataFolder = Folder };
        Options.DeviceBroker.BindAddress = "127.0.0.1";
        Options.DeviceBroker.Port = LoopbackPort.Next();
        configure(Options);
        var problems = GatewayOptionsValidator.Check(Options).ToList();
        if (problems.Count > 0)
        {
            throw new HarnessFailure("gateway options invalid: " + string.Join("; ", problems));
        }
    }

    public BenchFleet Fleet { get; }

    public string Folder { get; }

    public GatewayOptions Options { get; }

    public string OutboxPath => Path.Combine(Folder, Options.Outbox.FileName);

    public OutboxStore? Outbox { get; private set; }

    public DeviceBrokerServer? Broker { get; private set; }

    public FrameIngest? Ingest { get; private set; }

    public UplinkClient? Uplink { get; private set; }

    public IReadOnlyList<IGatewayBridge> Bridges { get; private set; } = [];

    public async Task StartAsync(string? centralBrokerUrl = null, IReadOnlyList<IGatewayBridge>? bridges = null)
    {
        Outbox = Own(OutboxStore.Open(OutboxPath, Options.Outbox));
        BridgeFeed? feed = null;
        if (bridges is { Count: > 0 })
        {
            var context = new BridgeContext(Fleet.Gateway.GatewayId, Fleet.Gateway.Devices.Select(d => d.DeviceId).ToArray(), Folder, "bench", TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);
            foreach (var bridge in bridges)
            {
                await Own(bridge).StartAsync(context);
            }

            Bridges = bridges;
            feed = new BridgeFeed(bridges);
        }

        Ingest = new FrameIngest(Outbox, Options.DeviceBroker.MaxPayloadBytes, observer: feed);
        Broker = Own(new DeviceBrokerServer(Options.DeviceBroker, new DeviceAuthenticator(Fleet.Gateway.Devices), Ingest));
        await Broker.StartAsync();
        if (centralBrokerUrl is not null)
        {
            StartUplink(centralBrokerUrl);
        }
    }

    /// <summary>Starts the uplink (after <see cref="StartAsync"/>), for a run that fills the outbox first.</summary>
    public void StartUplink(string centralBrokerUrl)
    {
        Options.Uplink.BrokerUrl = centralBrokerUrl;
        var problems = GatewayOptionsValidator.Check(Options).ToList();
        if (problems.Count > 0)
        {
            throw new HarnessFailure("gateway options invalid: " + string.Join("; ", problems));
        }

        Uplink = Own(new UplinkClient(Options, Fleet.Gateway, Outbox!, Fleet.Gateway.Devices.Select(d => d.DeviceId).ToArray()));
        Uplink.Start();
    }

    /// <summary>Stops the parts in reverse order (uplink, broker, outbox: queued writes finish, the file closes).</summary>
    public async Task StopAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        TempFolders.Remove(Folder);
    }

    private T Own<T>(T part)
        where T : IAsyncDisposable
    {
        _owned.Add(part);
        return part;
    }
}
