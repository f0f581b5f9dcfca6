using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Gateway.Uplink;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.Outbox;

/// <summary>
/// A full disk under the outbox, played by capping the database file (SQLite's <c>max_page_count</c>): new frames are
/// refused with a reason code the device sees and counted, nothing a device was acknowledged is lost, the uplink drains
/// the outbox when the coordinator comes back (deletes need no new pages), and the gateway takes frames again.
/// </summary>
public sealed class OutboxDiskFullTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_full_database_refuses_new_frames_with_quota_exceeded_and_drains_whole_when_the_coordinator_returns()
    {
        const int Devices = 4;
        await using var gateway = new TestGateway(Devices);
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(20);
        gateway.Options.Batching.MaxItems = 20;
        gateway.Options.Batching.MaxUnackedBatches = 1000;
        gateway.Options.Batching.StatusInterval = TimeSpan.FromMilliseconds(200);
        gateway.Options.Uplink.ResendTimeout = TimeSpan.FromMilliseconds(500);
        gateway.Options.Uplink.BackoffInitial = TimeSpan.FromMilliseconds(50);
        gateway.Options.Uplink.BackoffMax = TimeSpan.FromMilliseconds(200);
        var log = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(log)));
        var outbox = gateway.Own(OutboxStore.Open(gateway.OutboxPath, gateway.Options.Outbox, null, loggers.CreateLogger<OutboxStore>(), autoCheckpointPages: null,
            maxPageCount: 48));
        var ingest = new FrameIngest(outbox, gateway.Options.DeviceBroker.MaxPayloadBytes, loggers.CreateLogger<FrameIngest>());
        var broker = gateway.Own(new DeviceBrokerServer(gateway.Options.DeviceBroker, new DeviceAuthenticator(gateway.File.Devices), ingest));
        await broker.StartAsync();
        await using var coordinator = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File); // down: not started yet
        var uplink = gateway.StartUplink(outbox, coordinator.Url);
        var clients = await ConnectAllAsync(gateway, Devices);

        // the coordinator is away: frames pile up in the outbox until its file is full
        var acknowledged = new List<(string Device, uint Seq, long Readings)>();
        var refusal = await PublishUntilRefusedAsync(gateway, clients, acknowledged, firstSeq: 1);
        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, refusal.ReasonCode);
        Assert.Contains(nameof(IngestOutcome.DiskFull), refusal.ReasonString, StringComparison.Ordinal);
        Assert.True(outbox.IsDiskFull);
        var refusedAgain = await PublishOnceAsync(clients[0], gateway, 0, 100_000); // still full: refused outright
        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, refusedAgain.ReasonCode);
        Assert.True(outbox.Counters().DiskFull >= 1);
        Assert.True(ingest.Outcomes[IngestOutcome.DiskFull] >= 2);
        Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} frames fitted");

        // the coordinator comes back: every acknowledged frame arrives, the outbox empties, frames are taken again
        var statusesBefore = coordinator.Statuses.Count;
        await coordinator.StartAsync();
        await Eventually.TrueAsync(() => outbox.PendingItems == 0 && outbox.UnackedBatches == 0 && !outbox.IsDiskFull, "the outbox drained", TimeSpan.FromSeconds(60));
        var next = new List<(string Device, uint Seq, long Readings)>();
        foreach (var (client, d) in clients.Select((c, d) => (c, d)))
        {
            var result = await PublishOnceAsync(client, gateway, d, 200_000, next);
            Assert.Equal(MqttClientPublishReasonCode.Success, result.ReasonCode);
        }

        await Eventually.TrueAsync(() => next.All(f => coordinator.HasFrame(f.Device, 1, f.Seq)) && coordinator.Statuses.Count > statusesBefore,
            "the new frames and a status stored upstream", TimeSpan.FromSeconds(30));
        Assert.All(acknowledged, f => Assert.True(coordinator.HasFrame(f.Device, 1, f.Seq), $"{f.Device}/{f.Seq} was acknowledged to the device and lost"));
        Assert.Equal(acknowledged.Sum(f => f.Readings) + next.Sum(f => f.Readings), coordinator.ReadingsStored);
        Assert.Empty(coordinator.Gaps);
        TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} frames acknowledged before the file was full; {uplink.Events[UplinkEvent.CutFailed]} cuts failed; {outbox.Counters().DiskFull} appends refused while full");
        var warnings = log.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).ToList();
        Assert.Single(warnings, r => r.Message.StartsWith("The outbox's disk is full", StringComparison.Ordinal));
        Assert.Single(warnings, r => r.Message.Contains("further refusals are counted, not logged", StringComparison.Ordinal));
        Assert.Contains(log.GetSnapshot(), r => r.Message.StartsWith("The outbox takes new frames again", StringComparison.Ordinal));
        Assert.True(warnings.Count(r => r.Message.StartsWith("The outbox cannot store a new batch", StringComparison.Ordinal)) <= 1); // said once, not per attempt
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task On_a_small_filesystem_the_budget_is_capped_eviction_comes_before_a_full_disk_and_a_disk_filled_by_others_drains_whole()
    {
        await using var gateway = new TestGateway(devices: 4);
        using var disk = Tmpfs.TryMount(Path.Combine(gateway.Folder, "small-disk"), 4L << 20, out var reason);
        if (disk is null)
        {
            Assert.Skip(reason);
        }

        gateway.Options.DataFolder = disk.Path;
        gateway.Options.LocalStore.Enabled = false; // the outbox alone on the disk: its budget is what this test is about
        gateway.Options.DeviceBroker.RatePerSecond = 100_000; // thousands of frames in seconds: the rate limit would refuse them first
        gateway.Options.DeviceBroker.RateBurst = 1_000_000;
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(20);
        gateway.Options.Batching.MaxItems = 50;
        gateway.Options.Batching.StatusInterval = TimeSpan.FromMilliseconds(200);
        gateway.Options.Uplink.ResendTimeout = TimeSpan.FromMilliseconds(500);
        gateway.Options.Uplink.BackoffInitial = TimeSpan.FromMilliseconds(50);
        gateway.Options.Uplink.BackoffMax = TimeSpan.FromMilliseconds(200);
        var log = new FakeLogCollector();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(new FakeLoggerProvider(log)));
        await using var coordinator = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File); // away at first
        var node = gateway.CreateNode(coordinator.Url, loggerFactory: loggers);
        await node.StartAsync(Ct);
        var clients = await ConnectAllAsync(gateway, 4);

        // 1. the budget was capped below the 4 MiB disk, and said so
        var capped = Assert.Single(log.GetSnapshot(), r => r.Message.StartsWith("Outbox budget capped to", StringComparison.Ordinal));
        Assert.InRange(node.Outbox.MaxBytes, 64 * 1024, disk.Bytes / 2);

        // 2. the coordinator away, frames past the budget: the oldest telemetry is evicted while the disk still has room
        var acknowledged = new List<(string Device, uint Seq, long Readings)>();
        for (uint seq = 1; node.Outbox.Counters().EvictedFrames < 200; seq++)
        {
            Assert.True(seq < 50_000, "no eviction after 50,000 frames per device");
            for (var d = 0; d < clients.Length; d++)
            {
                var published = await PublishOnceAsync(clients[d], gateway, d, seq, acknowledged);
                Assert.True(published.ReasonCode == MqttClientPublishReasonCode.Success, $"frame {seq} refused before any eviction: {published.ReasonCode} {published.ReasonString}");
            }
        }

        var freeAtEviction = disk.FreeBytes;
        Assert.True(freeAtEviction > 0);
        Assert.Equal(0, node.Outbox.Counters().DiskFull);
        await coordinator.StartAsync();
        await Eventually.TrueAsync(() => node.Outbox.PendingItems == 0 && node.Outbox.UnackedBatches == 0, "the outbox drained after the eviction", TimeSpan.FromSeconds(60));
        var gapReadings = coordinator.Gaps.Sum(g => (long)g.Readings);
        Assert.Equal(acknowledged.Sum(f => f.Readings), coordinator.ReadingsStored + gapReadings); // what was evicted is reported, nothing else lost

        // 3. the coordinator away again and the disk filled by something else: new frames refused with a reason code
        await coordinator.StopAsync();
        await Eventually.TrueAsync(() => !node.Uplink.IsConnected, "the uplink noticed the coordinator gone");
        var filler = disk.Fill("runaway.log");
        var beforeFull = new List<(string Device, uint Seq, long Readings)>();
        var refusal = await PublishUntilRefusedAsync(gateway, clients, beforeFull, firstSeq: 100_000);
        Assert.Equal(MqttClientPublishReasonCode.QuotaExceeded, refusal.ReasonCode);
        Assert.True(node.Outbox.IsDiskFull);
        Assert.True(node.Ingest.Outcomes[IngestOutcome.DiskFull] >= 1);
        var full = node.Readiness(); // what /readyz answers: unready while the outbox refuses writes, alive all along
        Assert.False(full.OutboxWritable);
        Assert.False(full.IsReady);
        Assert.True(full.DeviceBrokerListening);
        var storedBefore = coordinator.ReadingsStored;

        // 4. the coordinator back, the disk still full: everything acknowledged goes up, the outbox drains, frames are taken again
        var statusesBefore = coordinator.Statuses.Count;
        await coordinator.StartAsync();
        await Eventually.TrueAsync(() => node.Outbox.PendingItems == 0 && node.Outbox.UnackedBatches == 0 && !node.Outbox.IsDiskFull, "the outbox drained on a full disk",
            TimeSpan.FromSeconds(60));
        Assert.True(node.Readiness().IsReady); // ready again once the outbox takes writes
        // the database's free pages took frames until the budget evicted the oldest again (reported as gaps), then the disk said no
        var gaps = coordinator.Gaps.ToArray();
        Assert.All(beforeFull, f => Assert.True(coordinator.HasFrame(f.Device, 1, f.Seq) || gaps.Any(g => g.DeviceId == f.Device && g.FirstSeq <= f.Seq && f.Seq <= g.LastSeq),
            $"{f.Device}/{f.Seq} was acknowledged to the device, is not stored and no gap reports it"));
        Assert.Equal(beforeFull.Sum(f => f.Readings), coordinator.ReadingsStored - storedBefore + (gaps.Sum(g => (long)g.Readings) - gapReadings));
        var after = new List<(string Device, uint Seq, long Readings)>();
        for (var d = 0; d < clients.Length; d++)
        {
            Assert.Equal(MqttClientPublishReasonCode.Success, (await PublishOnceAsync(clients[d], gateway, d, 200_000, after)).ReasonCode);
        }

        await Eventually.TrueAsync(() => after.All(f => coordinator.HasFrame(f.Device, 1, f.Seq)) && coordinator.Statuses.Count > statusesBefore + 2,
            "frames taken after the drain stored upstream, and the status reported again", TimeSpan.FromSeconds(30));
        var warnings = log.GetSnapshot().Where(r => r.Level >= LogLevel.Warning).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine($"{capped.Message}\n{acknowledged.Count} frames before eviction ended, {node.Outbox.Counters().EvictedFrames} evicted with " +
            $"{freeAtEviction} bytes still free; filler {filler} bytes; {beforeFull.Count} frames taken until the disk was full; " +
            $"{node.Outbox.Counters().DiskFull} refused while full; {warnings.Count} warnings");
        Assert.True(warnings.Count(r => r.Message.StartsWith("The outbox's disk is full", StringComparison.Ordinal)) <= 2);
        Assert.DoesNotContain(warnings, r => r.Message.StartsWith("Uplink iteration failed", StringComparison.Ordinal));
        Assert.True(warnings.Count < 20, string.Join("\n", warnings.Select(w => w.Message)));
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Theory]
    [InlineData(20L << 30, false, 1000)]  // a 32 GB card with 20 GB free: the 256 MiB default stands, SQLite's usual checkpoint
    [InlineData(3L << 20, true, 48)]      // the 3 MB filesystem of the report: capped to ≈ 1 MB, the WAL kept to ≈ 200 KB
    public void The_budget_is_capped_below_the_free_space_and_the_wal_kept_small_on_a_small_disk(long freeBytes, bool capped, int checkpointPages)
    {
        var budget = OutboxBudget.Plan(new Configuration.OutboxOptions(), freeBytes, ownBytes: 0);

        Assert.Equal(capped, budget.IsCapped);
        Assert.Equal(checkpointPages, budget.WalCheckpointPages);
        var onDisk = (budget.MaxBytes * OutboxBudget.FileOverhead) + (2 * budget.WalCheckpointPages * OutboxBudget.PageSize) + budget.ReserveBytes;
        Assert.True(onDisk < freeBytes, $"budget {budget.MaxBytes}, WAL {budget.WalCheckpointPages} pages, reserve {budget.ReserveBytes}: {onDisk} bytes on a disk with {freeBytes} free");
    }

    [Fact]
    public async Task A_disk_too_small_for_any_outbox_stops_the_start_naming_the_folder()
    {
        await using var gateway = new TestGateway(devices: 1);

        var refused = Assert.Throws<IOException>(() => OutboxStore.Open(gateway.OutboxPath, gateway.Options.Outbox, null, null, null, freeSpace: _ => 100 * 1024));

        Assert.Contains(gateway.Folder, refused.Message, StringComparison.Ordinal);
        Assert.Contains("GatewayOptions:Outbox:FreeSpaceShare", refused.Message, StringComparison.Ordinal);
    }

    private static async Task<IMqttClient[]> ConnectAllAsync(TestGateway gateway, int devices) =>
        await Task.WhenAll(Enumerable.Range(0, devices).Select(async d =>
        {
            var entry = gateway.File.Devices[d];
            var (client, result) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, entry.DeviceId, entry.DeviceId, entry.BrokerCredential);
            Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
            return client;
        }));

    private static async Task<MqttClientPublishResult> PublishUntilRefusedAsync(TestGateway gateway, IMqttClient[] clients, List<(string, uint, long)> acknowledged, uint firstSeq)
    {
        for (var seq = firstSeq; seq < firstSeq + 100_000; seq++)
        {
            for (var d = 0; d < clients.Length; d++)
            {
                var result = await PublishOnceAsync(clients[d], gateway, d, seq, acknowledged);
                if (result.ReasonCode != MqttClientPublishReasonCode.Success)
                {
                    return result;
                }
            }
        }

        throw new InvalidOperationException("the outbox never filled");
    }

    private static async Task<MqttClientPublishResult> PublishOnceAsync(IMqttClient client, TestGateway gateway, int device, uint seq, List<(string, uint, long)>? acknowledged = null)
    {
        var id = gateway.IdOf(device);
        var (bytes, readings) = TestFrames.Summary(gateway.KeyOf(device), id, 1, seq, samplesPerChannel: 1 + (int)(seq % 60));
        var result = await DeviceClient.PublishAsync(client, DeviceClient.Tel(id), bytes);
        if (result.ReasonCode == MqttClientPublishReasonCode.Success)
        {
            acknowledged?.Add((id, seq, readings));
        }

        return result;
    }
}
