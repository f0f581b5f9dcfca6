using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Runtime;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Gateway.Tests.Support;

/// <summary>A provisioned fleet plus a temporary data folder, and builders for the gateway's parts over it.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public TestGateway(int devices)
    {
        Fleet = FleetProvisioner.Create(new FleetSpec(1, 1, devices));
        Folder = Directory.CreateTempSubdirectory("ec-gw-test-").FullName;
        Options = new GatewayOptions { DataFolder = Folder };
        Options.DeviceBroker.Port = FreePort.Next();
    }

    public ProvisionedFleet Fleet { get; }

    public GatewayFile File => Fleet.Gateways[0];

    public string Folder { get; }

    public GatewayOptions Options { get; }

    public string OutboxPath => Path.Combine(Folder, Options.Outbox.FileName);

    public byte[] KeyOf(int device) => Fleet.Devices[device].GetKey();

    public string IdOf(int device) => Fleet.Devices[device].DeviceId;

    public OutboxStore OpenOutbox(TimeProvider? time = null) => Own(OutboxStore.Open(OutboxPath, Options.Outbox, time, null, autoCheckpointPages: 1000));

    public async Task<(DeviceBrokerServer Broker, FrameIngest Ingest)> StartBrokerAsync(OutboxStore outbox, TimeProvider? time = null)
    {
        var ingest = new FrameIngest(outbox, Options.DeviceBroker.MaxPayloadBytes);
        var broker = Own(new DeviceBrokerServer(Options.DeviceBroker, new DeviceAuthenticator(File.Devices), ingest, time));
        await broker.StartAsync();
        return (broker, ingest);
    }

    public UplinkClient StartUplink(OutboxStore outbox, string brokerUrl, TimeProvider? time = null, Random? random = null)
    {
        Options.Uplink.BrokerUrl = brokerUrl;
        var uplink = Own(new UplinkClient(Options, File, outbox, File.Devices.Select(d => d.DeviceId).ToArray(), new FixedResources(), time, random));
        uplink.Start();
        return uplink;
    }

    /// <summary>The whole gateway as the service and the demo run it (<see cref="GatewayNode"/>), over this fleet's gateway file; not started.</summary>
    public GatewayNode CreateNode(string brokerUrl, TimeProvider? time = null, IGatewayTaskRunner? runner = null, Random? random = null, Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null, IEnumerable<EdgeCompute.Gateway.Bridges.IGatewayBridge>? bridges = null, GatewayFile? file = null)
    {
        Options.Uplink.BrokerUrl = brokerUrl;
        return Own(new GatewayNode(Options, file ?? File, time, loggerFactory, runner, new FixedResources(), random: random, bridges: bridges));
    }

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

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temp folder is harmless
        }
    }

    private sealed class FixedResources : IGatewayResources
    {
        public uint Cores => 4;

        public ulong MemoryBytes => 4UL << 30;

        public (uint IdleCpuPermille, ulong FreeMemoryBytes) Read() => (870, 512_000_000);
    }
}
