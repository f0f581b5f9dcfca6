using System.Security.Cryptography;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Ingest;

/// <summary>A provisioned fleet, its registry, a SQLite telemetry store in a temp file and an ingestor over them.</summary>
internal sealed class IngestWorld : IAsyncDisposable
{
    public const long T0 = 1_764_000_000_000;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"edgecompute-telemetry-{Guid.NewGuid():N}.db");

    private IngestWorld(ProvisionedFleet fleet)
    {
        Fleet = fleet;
        Registry = new FleetRegistry(fleet.Coordinator);
    }

    public ProvisionedFleet Fleet { get; }
    public FleetRegistry Registry { get; }
    public ITelemetryStore Store { get; private set; } = null!;
    public SqliteTelemetryStore Sqlite { get; private set; } = null!;
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(T0));
    public RecordingResultSink Results { get; } = new();
    public RecordingTaskReturnSink Returns { get; } = new();
    public BatchIngestor Ingestor { get; private set; } = null!;
    public ECDsa CoordinatorPublicKey => P256Keys.ImportPublicKey(Fleet.Coordinator.CoordinatorPublicKey);

    public static async Task<IngestWorld> CreateAsync(int gateways = 2, int devices = 8, Func<ITelemetryStore, ITelemetryStore>? wrapStore = null)
    {
        var world = new IngestWorld(FleetProvisioner.Create(new FleetSpec(2, gateways, devices)));
        world.Sqlite = await SqliteTelemetryStore.OpenAsync(world._path, TestContext.Current.CancellationToken);
        world.Store = wrapStore is null ? world.Sqlite : wrapStore(world.Sqlite);
        world.Ingestor = new BatchIngestor(world.Registry, world.Store, world.Results, world.Returns, new BatchIngestorOptions { SuspectDeviceThreshold = 3 }, world.Clock);
        return world;
    }

    public string GatewayId(int index) => Fleet.Gateways[index].GatewayId;

    public ECDsa GatewayKey(string gatewayId) => P256Keys.ImportPrivateKey(Fleet.Gateways.Single(g => g.GatewayId == gatewayId).PrivateKey);

    public IReadOnlyList<DeviceRecord> DevicesOf(string gatewayId) => [.. Fleet.Coordinator.Devices.Where(d => d.GatewayId == gatewayId)];

    public static string Up(string gatewayId) => ProtocolTopics.Gateway(gatewayId, GatewayTopicKind.Up);

    /// <summary>A window-summary frame with two channels of random sample counts; returns the frame and its readings.</summary>
    public static (byte[] Frame, long Readings) SummaryFrame(DeviceRecord device, uint boot, uint seq, Random random)
    {
        var channels = new List<ChannelSummary>();
        long readings = 0;
        foreach (var (name, unit) in new[] { ("temp", "Cel"), ("hum", "%RH") })
        {
            var samples = Enumerable.Range(0, random.Next(1, 61)).Select(_ => (long)random.Next(1000, 3000)).ToArray();
            readings += samples.Length;
            channels.Add(ChannelSummary.FromSamples(name, unit, -2, samples));
        }

        var body = WindowSummaryCodec.Encode(new WindowSummary(device.Id, T0 + (seq * 60_000L), 60_000, channels));
        return (DeviceFrameCodec.Encode(DeviceFrameMac.Seal(device.GetKey(), device.Id, boot, seq, FrameType.WindowSummary, body)), readings);
    }

    /// <summary>A raw-samples frame with one channel of a random number of samples.</summary>
    public static (byte[] Frame, long Readings) RawFrame(DeviceRecord device, uint boot, uint seq, Random random)
    {
        var values = Enumerable.Range(0, random.Next(1, 200)).Select(_ => (long)random.Next(-500, 500)).ToArray();
        var body = RawSamplesCodec.Encode([new RawSampleChannel("press", "hPa", -2, T0 + (seq * 60_000L), 1000, values)]);
        return (DeviceFrameCodec.Encode(DeviceFrameMac.Seal(device.GetKey(), device.Id, boot, seq, FrameType.RawSamples, body)), values.Length);
    }

    /// <summary>The same frame with one byte of its body changed and its MAC kept (what a cheating gateway could do).</summary>
    public static byte[] Altered(byte[] frameBytes)
    {
        var frame = DeviceFrameCodec.Decode(frameBytes).Value;
        var body = frame.Body.ToArray();
        body[body.Length / 2] ^= 0x01;
        return DeviceFrameCodec.Encode(frame with { Body = body });
    }

    public byte[] Seal(string gatewayId, uint boot, ulong seq, IReadOnlyList<BatchItem> items, ECDsa? key = null) =>
        GatewayBatchCodec.Encode(BatchSealer.Seal(new GatewayBatchBody(items, null), gatewayId, boot, seq, BatchCodec.Brotli, key ?? GatewayKey(gatewayId)));

    public Task<BatchIngestResult> IngestAsync(string gatewayId, byte[] message) => Ingestor.IngestAsync(Up(gatewayId), message, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Sqlite.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
