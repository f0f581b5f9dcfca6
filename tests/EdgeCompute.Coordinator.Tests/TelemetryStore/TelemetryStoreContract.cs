using EdgeCompute.Coordinator.Domain.Epochs.Quality;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Sequencing;

namespace EdgeCompute.Coordinator.Tests.TelemetryStore;

/// <summary>The behaviour every <see cref="ITelemetryStore"/> must have; run once per store by a subclass.</summary>
public abstract class TelemetryStoreContract : IAsyncLifetime
{
    private readonly List<ITelemetryStore> _stores = [];

    /// <summary>Opens a new store instance on this test's database (a second call is a second replica on the same data).</summary>
    protected abstract Task<ITelemetryStore> OpenStoreAsync();

    /// <summary>Drops this test's database objects.</summary>
    protected abstract ValueTask DropAsync();

    /// <summary>Runs SQL on this test's database before any store opened it (to lay down an older schema).</summary>
    protected abstract Task ExecuteRawAsync(string sql);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
        await DropAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<ITelemetryStore> OpenAsync()
    {
        var store = await OpenStoreAsync();
        _stores.Add(store);
        return store;
    }

    private static byte[] Hash(string text) => PayloadHash.Of(System.Text.Encoding.ASCII.GetBytes(text));

    private static TelemetryFrameRecord Frame(string device, uint seq, string content, long readings = 10) =>
        new(device, 1, seq, Hash(content), 1, 1_000 * seq, readings,
            [new TelemetryPoint(device, "temp", "Cel", -2, 1_000 * seq, 1_000, readings, 2100, 2300, 2200, 40)]);

    private static TelemetryBatch Batch(ulong seq, string body, IReadOnlyList<TelemetryFrameRecord> frames, IReadOnlyList<TelemetryGapRecord>? gaps = null) =>
        new("gw-01", 1, seq, Hash(body), 5, frames, [], 0, gaps ?? [], [new DeviceStateRecord("dev-1", true, 5)]);

    private static TelemetryBatch NodeBatch(ulong seq, IReadOnlyList<DeviceBirthRecord> births, IReadOnlyList<DeviceStateRecord> states, string gateway = "gw-01") =>
        new(gateway, 1, seq, Hash($"nodes-{gateway}-{seq}"), 5, [], [], 0, [], states, births);

    private static DeviceBirthRecord BirthOf(string device, uint boot, params string[] kernels) =>
        new(device, boot, DeviceBirthCodec.Encode(new DeviceBirth("1.0.0", "esp32", kernels, 320_000, 240, [])));

    [Fact]
    public async Task Keeps_each_devices_last_birth_and_newest_state_for_a_restarted_coordinator()
    {
        var store = await OpenAsync();
        var nodes = Assert.IsAssignableFrom<IDeviceNodeReader>(store);
        await store.CommitBatchAsync(NodeBatch(1, [BirthOf("dev-b", 1, "pow"), BirthOf("dev-a", 1, "pow")], [new DeviceStateRecord("dev-a", false, 2_000)]), Ct);
        await store.CommitBatchAsync(NodeBatch(2, [], [new DeviceStateRecord("dev-a", true, 1_000)]), Ct); // older: ignored
        await store.CommitBatchAsync(NodeBatch(3, [BirthOf("dev-b", 2, "pow", "primes")], [new DeviceStateRecord("dev-c", true, 3_000)]), Ct);
        await store.CommitBatchAsync(NodeBatch(3, [BirthOf("dev-b", 9, "evil")], [], gateway: "gw-01"), Ct); // a conflicting resend stores nothing

        var records = await nodes.ReadDeviceNodesAsync(Ct);

        Assert.Equal(["dev-a", "dev-b", "dev-c"], records.Select(r => r.DeviceId));
        var (a, b, c) = (records[0], records[1], records[2]);
        Assert.Equal((1u, false, 2_000L), (a.Boot, a.Online, a.StateTimeMs));
        Assert.Equal((2u, true, long.MinValue), (b.Boot, b.Online, b.StateTimeMs));
        Assert.Equal(["pow", "primes"], DeviceBirthCodec.Decode(b.Birth!).Value.Kernels);
        Assert.Equal((0u, true, 3_000L), (c.Boot, c.Online, c.StateTimeMs));
        Assert.Null(c.Birth);
        Assert.All(records, r => Assert.Equal("gw-01", r.GatewayId));
    }

    [Fact]
    public async Task Keeps_each_gateways_latest_status_with_its_receive_time_and_never_an_older_one()
    {
        var store = await OpenAsync();
        var reader = Assert.IsAssignableFrom<IGatewayStatusReader>(store);
        await store.CommitBatchAsync(NodeBatch(1, [], []) with { ReceivedAtMs = 1_000, Status = new GatewayStatus(900, 1 << 20, 2) }, Ct);
        await store.CommitBatchAsync(NodeBatch(2, [], []) with { ReceivedAtMs = 3_000, Status = new GatewayStatus(400, 1 << 19, 7) }, Ct);
        await store.CommitBatchAsync(NodeBatch(3, [], []) with { ReceivedAtMs = 2_000, Status = new GatewayStatus(1000, 1, 0) }, Ct); // received earlier elsewhere
        await store.CommitBatchAsync(NodeBatch(4, [], []) with { ReceivedAtMs = 4_000 }, Ct); // no status: the stored one stays
        await store.CommitBatchAsync(NodeBatch(1, [], [], gateway: "gw-02") with { ReceivedAtMs = 1_500, Status = new GatewayStatus(10, ulong.MaxValue, 0) }, Ct);

        var records = await reader.ReadGatewayStatusesAsync(Ct);

        Assert.Equal(
            [new GatewayStatusRecord("gw-01", new GatewayStatus(400, 1 << 19, 7), 3_000), new GatewayStatusRecord("gw-02", new GatewayStatus(10, long.MaxValue, 0), 1_500)],
            records);
    }

    [Fact]
    public async Task Keeps_the_status_v2_fields_across_a_restart_and_null_for_a_later_v1_status()
    {
        var v2 = new GatewayStatus(870, 512_000_000, 12, 1_048_576, 3, 41, 2, 8);
        var store = await OpenAsync();
        await store.CommitBatchAsync(NodeBatch(1, [], []) with { ReceivedAtMs = 1_000, Status = v2 }, Ct);
        await store.CommitBatchAsync(NodeBatch(1, [], [], gateway: "gw-02") with { ReceivedAtMs = 1_000, Status = v2 with { ConnectedDevices = 0, OutboxEvictions = ulong.MaxValue } }, Ct);
        await store.DisposeAsync();
        _stores.Remove(store);

        var restarted = Assert.IsAssignableFrom<IGatewayStatusReader>(await OpenAsync());
        Assert.Equal(
            [new GatewayStatusRecord("gw-01", v2, 1_000), new GatewayStatusRecord("gw-02", v2 with { ConnectedDevices = 0, OutboxEvictions = long.MaxValue }, 1_000)],
            await restarted.ReadGatewayStatusesAsync(Ct));

        // The gateway is set back to v1 (an older coordinator elsewhere): its v2 fields are unknown now, not the old values.
        await ((ITelemetryStore)restarted).CommitBatchAsync(NodeBatch(2, [], []) with { ReceivedAtMs = 2_000, Status = new GatewayStatus(500, 1, 0) }, Ct);
        var latest = (await restarted.ReadGatewayStatusesAsync(Ct))[0];
        Assert.Equal(new GatewayStatusRecord("gw-01", new GatewayStatus(500, 1, 0), 2_000), latest);
        Assert.Null(latest.Status.OutboxBytes);
    }

    [Fact]
    public async Task Adds_the_status_v2_columns_to_a_store_written_before_them_and_keeps_its_rows()
    {
        await ExecuteRawAsync(
            "CREATE TABLE gateway_status (gateway TEXT PRIMARY KEY, idle_cpu_permille BIGINT NOT NULL, free_memory_bytes BIGINT NOT NULL, " +
            "outbox_depth BIGINT NOT NULL, time_ms BIGINT NOT NULL); INSERT INTO gateway_status VALUES ('gw-01', 870, 512000000, 12, 5000);");

        var store = await OpenAsync();
        var reader = Assert.IsAssignableFrom<IGatewayStatusReader>(store);
        Assert.Equal([new GatewayStatusRecord("gw-01", new GatewayStatus(870, 512_000_000, 12), 5_000)], await reader.ReadGatewayStatusesAsync(Ct));

        await store.CommitBatchAsync(NodeBatch(1, [], []) with { ReceivedAtMs = 6_000, Status = new GatewayStatus(870, 512_000_000, 12, 4096, 1, 0, 0, 2) }, Ct);
        Assert.Equal(4096UL, (await reader.ReadGatewayStatusesAsync(Ct))[0].Status.OutboxBytes);
        await OpenAsync(); // a second open finds the columns there and adds nothing
    }

    [Fact]
    public async Task Reads_the_last_receive_time_of_each_gateway_and_of_each_device_from_its_frames_births_and_states()
    {
        var store = await OpenAsync();
        var reader = Assert.IsAssignableFrom<INodeSeenReader>(store);
        await store.CommitBatchAsync(Batch(1, "b1", [Frame("dev-1", 1, "f1"), Frame("dev-2", 1, "g1")]) with { ReceivedAtMs = 1_000, States = [] }, Ct);
        await store.CommitBatchAsync(Batch(2, "b2", [Frame("dev-1", 2, "f2")]) with { ReceivedAtMs = 2_000, States = [] }, Ct);
        await store.CommitBatchAsync(NodeBatch(3, [BirthOf("dev-3", 1, "pow")], [new DeviceStateRecord("dev-2", false, 9)]) with { ReceivedAtMs = 3_000 }, Ct);
        await store.CommitBatchAsync(NodeBatch(1, [], [new DeviceStateRecord("dev-1", true, 1)], gateway: "gw-02") with { ReceivedAtMs = 1_500 }, Ct);

        var records = await reader.ReadNodesSeenAsync(Ct);

        Assert.Equal(
        [
            new NodeSeenRecord("gw-01", true, 3_000), new NodeSeenRecord("gw-02", true, 1_500),
            new NodeSeenRecord("dev-1", false, 2_000), new NodeSeenRecord("dev-2", false, 3_000), new NodeSeenRecord("dev-3", false, 3_000),
        ], records);
    }

    [Fact]
    public async Task Keeps_each_epochs_device_quality_once_replacing_an_earlier_write_and_reads_pages_and_each_devices_latest()
    {
        var store = await OpenAsync();
        var quality = Assert.IsAssignableFrom<IDeviceQualityStore>(store);
        static DeviceDataQuality Q(string device, long qualified, long range = 0) =>
            new(device, "owner-" + device, true, qualified + range, qualified, QualityRejections.None with { Range = range });
        await quality.WriteDeviceQualityAsync(0, [Q("dev-b", 10), Q("dev-a", 5, range: 5)], Ct);
        await quality.WriteDeviceQualityAsync(1, [Q("ghost", 1), Q("dev-b", 1)], Ct); // a close that crashed before booking
        await quality.WriteDeviceQualityAsync(1, [Q("dev-b", 7), Q("dev-c", 3), Q("dev-Z", 2)], Ct); // its re-run
        await quality.WriteDeviceQualityAsync(2, [Q("dev-a", 9)], Ct); // not closed yet

        var epoch1 = await quality.ReadDeviceQualityAsync(1, null, 10, Ct);
        var page = await quality.ReadDeviceQualityAsync(1, "dev-Z", 1, Ct);
        var latest = await quality.ReadLatestDeviceQualityAsync(1, Ct);
        var some = await quality.ReadLatestDeviceQualityAsync(1, ["dev-c", "dev-a", "nobody", "dev-a"], Ct);

        Assert.Equal(["dev-Z", "dev-b", "dev-c"], epoch1.Select(r => r.DeviceId)); // bytewise order in both databases
        Assert.Equal(7, epoch1[1].QualifiedReadings);
        Assert.Equal(["dev-b"], page.Select(r => r.DeviceId));
        Assert.Equal([("dev-Z", 1L), ("dev-a", 0L), ("dev-b", 1L), ("dev-c", 1L)], latest.Select(r => (r.DeviceId, r.EpochId)));
        var a = latest[1];
        Assert.Equal((0.5, true, "owner-dev-a"), (a.Score, a.Approved, a.Owner));
        Assert.Equal(["range"], a.FailedChecks);
        Assert.Equal([latest[1], latest[3]], some); // only the devices asked for, each once, in id order, as the full read gives them
    }

    [Fact]
    public async Task Records_each_reused_device_boot_once_with_the_frames_it_cost_across_replicas()
    {
        var store = await OpenAsync();
        var replica = await OpenAsync();
        var reader = Assert.IsAssignableFrom<IBootReuseReader>(store);
        await store.CommitBatchAsync(Batch(1, "first run", [Frame("dev-1", 1, "a1"), Frame("dev-1", 2, "a2")]) with { Births = [BirthOf("dev-1", 1, "pow")] }, Ct);
        await store.CommitBatchAsync(NodeBatch(2, [BirthOf("dev-2", 3, "pow")], []), Ct);

        // dev-1 again under boot 1 with other frames (twice, through two replicas); dev-2 born under a boot below its last
        var first = await store.CommitBatchAsync(Batch(3, "second run", [Frame("dev-1", 1, "b1"), Frame("dev-1", 2, "b2"), Frame("dev-1", 3, "b3")]), Ct);
        var second = await replica.CommitBatchAsync(Batch(4, "second run, later", [Frame("dev-1", 2, "c2")]), Ct);
        var older = await replica.CommitBatchAsync(NodeBatch(5, [BirthOf("dev-2", 2, "pow"), BirthOf("dev-1", 1, "pow")], []), Ct);
        var resent = await replica.CommitBatchAsync(Batch(3, "second run", [Frame("dev-1", 1, "b1"), Frame("dev-1", 2, "b2"), Frame("dev-1", 3, "b3")]), Ct);

        Assert.Equal([new BootReuseRecord("dev-1", 1, 2, true)], first.ReusedBoots);
        Assert.Equal([new BootReuseRecord("dev-1", 1, 1, false)], second.ReusedBoots);
        Assert.Equal([new BootReuseRecord("dev-2", 2, 0, true)], older.ReusedBoots); // dev-1's birth repeats its highest boot: a reconnect
        Assert.Equal(SequenceClass.Duplicate, resent.Batch);
        Assert.Empty(resent.ReusedBoots);
        var reused = await reader.ReadBootReuseAsync(Ct);
        Assert.Equal([("dev-1", 1, 3L, 1u), ("dev-2", 1, 0L, 2u)], reused.Select(r => (r.DeviceId, r.Boots, r.FramesRefused, r.LastBoot)));
        Assert.Equal([reused[1]], await reader.ReadBootReuseAsync(["dev-2", "dev-3"], Ct)); // only the devices asked for
        Assert.Empty(await reader.ReadBootReuseAsync([], Ct));
    }

    [Fact]
    public async Task A_birth_after_an_offline_report_brings_the_stored_device_back_online()
    {
        var store = await OpenAsync();
        await store.CommitBatchAsync(NodeBatch(1, [BirthOf("dev-a", 1, "pow")], []), Ct);
        await store.CommitBatchAsync(NodeBatch(2, [], [new DeviceStateRecord("dev-a", false, 5_000)]), Ct);
        await store.CommitBatchAsync(NodeBatch(3, [BirthOf("dev-a", 2, "pow")], [], gateway: "gw-02"), Ct);

        var record = Assert.Single(await ((IDeviceNodeReader)store).ReadDeviceNodesAsync(Ct));

        Assert.Equal(("gw-02", 2u, true, 5_000L), (record.GatewayId, record.Boot, record.Online, record.StateTimeMs));
    }

    [Fact]
    public async Task Commits_a_batch_and_reads_its_rows_back_by_device_channel_and_time()
    {
        var store = await OpenAsync();
        var result = await store.CommitBatchAsync(Batch(1, "b1", [Frame("dev-1", 1, "f1"), Frame("dev-1", 2, "f2", 7)]), Ct);

        Assert.Equal(SequenceClass.Accepted, result.Batch);
        Assert.Equal([SequenceClass.Accepted, SequenceClass.Accepted], result.Frames);
        var points = await store.ReadPointsAsync("dev-1", "temp", 0, 1_500, 100, Ct);
        Assert.Equal(10, Assert.Single(points).Count);
        Assert.Equal(2, (await store.ReadPointsAsync("dev-1", "temp", 0, 10_000, 100, Ct)).Count);
        var stats = await store.ReadStatsAsync(Ct);
        Assert.Equal((17L, 1L), (stats.ReadingsStored, stats.BatchesStored));
    }

    [Fact]
    public async Task Duplicate_batch_writes_nothing_and_is_counted()
    {
        var store = await OpenAsync();
        await store.CommitBatchAsync(Batch(1, "b1", [Frame("dev-1", 1, "f1")]), Ct);
        var again = await store.CommitBatchAsync(Batch(1, "b1", [Frame("dev-1", 1, "f1")]), Ct);

        Assert.Equal(SequenceClass.Duplicate, again.Batch);
        Assert.Empty(again.Frames);
        var stats = await store.ReadStatsAsync(Ct);
        Assert.Equal((10L, 1L, 1L), (stats.ReadingsStored, stats.BatchesStored, stats.BatchDuplicates));
        Assert.Single(await store.ReadPointsAsync("dev-1", "temp", 0, long.MaxValue, 100, Ct));
    }

    [Fact]
    public async Task Conflicting_batch_writes_nothing_and_is_counted()
    {
        var store = await OpenAsync();
        await store.CommitBatchAsync(Batch(1, "b1", [Frame("dev-1", 1, "f1")]), Ct);
        var conflict = await store.CommitBatchAsync(Batch(1, "other body", [Frame("dev-1", 2, "f2")]), Ct);

        Assert.Equal(SequenceClass.Conflict, conflict.Batch);
        var stats = await store.ReadStatsAsync(Ct);
        Assert.Equal((10L, 1L, 1L), (stats.ReadingsStored, stats.BatchesStored, stats.BatchConflicts));
    }

    [Fact]
    public async Task Device_frames_are_stored_exactly_once_across_batches_and_replicas()
    {
        var first = await OpenAsync();
        var second = await OpenAsync();
        await first.CommitBatchAsync(Batch(1, "b1", [Frame("dev-1", 1, "f1")]), Ct);
        var result = await second.CommitBatchAsync(Batch(2, "b2", [Frame("dev-1", 1, "f1"), Frame("dev-1", 1, "altered"), Frame("dev-1", 2, "f2")]), Ct);

        Assert.Equal([SequenceClass.Duplicate, SequenceClass.Conflict, SequenceClass.Accepted], result.Frames);
        var stats = await first.ReadStatsAsync(Ct);
        Assert.Equal((20L, 2L, 1L, 1L), (stats.ReadingsStored, stats.BatchesStored, stats.FrameDuplicates, stats.FrameConflicts));
        Assert.Equal(1, stats.DuplicatesDropped);
    }

    [Fact]
    public async Task A_frame_repeated_inside_one_batch_is_stored_once_the_first_time_and_the_repeats_classified_by_the_stored_hash()
    {
        var store = await OpenAsync();
        var result = await store.CommitBatchAsync(Batch(1, "b1",
            [Frame("dev-1", 1, "f1"), Frame("dev-1", 2, "f2"), Frame("dev-1", 1, "f1"), Frame("dev-1", 2, "altered"), Frame("dev-1", 3, "f3")]), Ct);

        Assert.Equal([SequenceClass.Accepted, SequenceClass.Accepted, SequenceClass.Duplicate, SequenceClass.Conflict, SequenceClass.Accepted], result.Frames);
        var stats = await store.ReadStatsAsync(Ct);
        Assert.Equal((30L, 1L, 1L, 1L), (stats.ReadingsStored, stats.BatchesStored, stats.FrameDuplicates, stats.FrameConflicts));
        Assert.Equal(3, (await store.ReadPointsAsync("dev-1", "temp", 0, long.MaxValue, 100, Ct)).Count);
    }

    [Fact]
    public async Task Concurrent_commits_of_the_same_batch_store_it_once()
    {
        var stores = new[] { await OpenAsync(), await OpenAsync() };
        var frames = Enumerable.Range(1, 50).Select(i => Frame("dev-2", (uint)i, $"f{i}")).ToList();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => stores[i % 2].CommitBatchAsync(Batch(9, "b9", frames), Ct)));

        Assert.Equal(1, results.Count(r => r.Batch == SequenceClass.Accepted));
        Assert.Equal(7, results.Count(r => r.Batch == SequenceClass.Duplicate));
        var stats = await stores[0].ReadStatsAsync(Ct);
        Assert.Equal((500L, 1L, 7L), (stats.ReadingsStored, stats.BatchesStored, stats.BatchDuplicates));
    }

    [Fact]
    public async Task Records_gaps_and_the_readings_they_lost()
    {
        var store = await OpenAsync();
        await store.CommitBatchAsync(Batch(1, "b1", [], [new TelemetryGapRecord("dev-3", 2, 10, 19, 600)]), Ct);

        var gap = Assert.Single(await store.ReadGapsAsync("dev-3", Ct));
        Assert.Equal(new TelemetryGapRecord("dev-3", 2, 10, 19, 600), gap);
        Assert.Equal(600, (await store.ReadStatsAsync(Ct)).ReadingsLost);
    }

    [Fact]
    public async Task Reads_the_window_summaries_of_a_time_range_page_by_page_once_each()
    {
        var store = await OpenAsync();
        TelemetryPoint Summary(string source, string channel, long timeMs, long mean) => new(source, channel, "Cel", -2, timeMs, 1_000, 10, mean - 5, mean + 5, mean, 4);
        TelemetryPoint Raw(string source, long timeMs) => new(source, "temp", "Cel", -2, timeMs, 0, 1, 2000, 2000, 2000, 0);
        var frames = new List<TelemetryFrameRecord>
        {
            new("dev-b", 1, 1, Hash("w1"), 1, 1_000, 20, [Summary("dev-b", "temp", 1_000, 2100), Summary("dev-b", "hum", 1_000, 5000)]),
            new("dev-a", 1, 1, Hash("w2"), 1, 1_000, 10, [Summary("dev-a", "temp", 1_000, 2200)]),
            new("dev-a", 1, 2, Hash("w3"), 1, 2_000, 10, [Summary("dev-a", "temp", 2_000, 2300)]),
            new("dev-a", 2, 1, Hash("w4"), 1, 2_000, 10, [Summary("dev-a", "temp", 2_000, 2300)]), // the same window again after a reboot
            new("dev-a", 2, 2, Hash("w5"), 2, 3_000, 1, [Raw("dev-a", 3_000)]),                   // a raw sample: not a summary
            new("dev-a", 2, 3, Hash("w6"), 1, 9_000, 10, [Summary("dev-a", "temp", 9_000, 2400)]), // outside the range
        };
        await store.CommitBatchAsync(Batch(1, "windows", frames), Ct);
        var reader = Assert.IsAssignableFrom<ITelemetryWindowReader>(store);

        var windows = new List<TelemetryPoint>();
        TelemetryWindowCursor? cursor = null;
        var pages = 0;
        do
        {
            var page = await reader.ReadWindowSummariesAsync(1_000, 9_000, cursor, 2, Ct);
            windows.AddRange(page.Windows);
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal([(1_000L, "dev-a", "temp"), (1_000L, "dev-b", "hum"), (1_000L, "dev-b", "temp"), (2_000L, "dev-a", "temp")],
            windows.Select(w => (w.TimeMs, w.Source, w.Channel)));
        Assert.Equal(Summary("dev-b", "hum", 1_000, 5000), windows[1]);
        Assert.Empty((await reader.ReadWindowSummariesAsync(20_000, 30_000, null, 5, Ct)).Windows);
    }
}
