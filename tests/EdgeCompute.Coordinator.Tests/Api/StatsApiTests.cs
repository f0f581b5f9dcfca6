using System.Net;
using System.Text.Json;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Tests.UseCases;
using EdgeCompute.Protocol.Sequencing;

namespace EdgeCompute.Coordinator.Tests.Api;

public sealed class StatsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Health_is_ok_at_the_coordinators_time()
    {
        await using var world = await ApiWorld.CreateAsync();

        var health = await ApiWorld.JsonOf(await world.GetAsync("/api/health"));

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(world.Work.Clock.GetUtcNow(), health.GetProperty("time").GetDateTimeOffset());
    }

    [Fact]
    public async Task Stats_equal_the_stores_totals_and_label_the_process_counters()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = world.Work.Fleet.Coordinator.Devices[0].Id;
        await world.StoreTelemetryAsync(device, "temp", [(WorkWorld.T0, 2_000), (WorkWorld.T0 + 60_000, 2_010)], batchSeq: 1);
        Assert.Equal(SequenceClass.Duplicate, (await world.StoreTelemetryAsync(device, "temp", [(WorkWorld.T0, 2_000), (WorkWorld.T0 + 60_000, 2_010)], batchSeq: 1)).Batch);
        var owner = world.Owner(0);
        await world.Work.FundAsync(owner, 10_000);
        Assert.Equal(HttpStatusCode.Created,
            (await world.PostAsync("/api/jobs", """{"spec":{"kind":"primes","from":0,"to":100000,"chunkSize":25000},"fee":4000}""", world.TokenOf(owner))).StatusCode);
        await world.Work.RunUntilDoneAsync();

        var stats = await ApiWorld.JsonOf(await world.GetAsync("/api/stats"));
        var telemetry = await world.Telemetry.ReadStatsAsync(Ct);
        var work = await world.Work.Store.ReadStatsAsync(Ct);

        Assert.Equal(telemetry.ReadingsStored, stats.GetProperty("readingsStored").GetInt64());
        Assert.Equal(12, telemetry.ReadingsStored);
        Assert.Equal(telemetry.BatchesStored, stats.GetProperty("batchesStored").GetInt64());
        Assert.Equal(1, telemetry.DuplicatesDropped);
        Assert.Equal(telemetry.DuplicatesDropped, stats.GetProperty("duplicatesDropped").GetInt64());
        var tasks = stats.GetProperty("tasks");
        Assert.Equal(work.TasksIssued, tasks.GetProperty("issued").GetInt64());
        Assert.Equal(work.TasksVerified, tasks.GetProperty("verified").GetInt64());
        Assert.Equal(work.ResultsRejected, tasks.GetProperty("rejected").GetInt64());
        Assert.Equal(work.TasksReissued, tasks.GetProperty("reissued").GetInt64());
        Assert.Equal(work.ResultsNotPaid, tasks.GetProperty("notPaid").GetInt64());
        Assert.Equal(4, work.TasksVerified);
        var jobs = stats.GetProperty("jobs");
        Assert.Equal((0L, 1L, 0L), (jobs.GetProperty("running").GetInt64(), jobs.GetProperty("completed").GetInt64(), jobs.GetProperty("failed").GetInt64()));
        var process = stats.GetProperty("process");
        Assert.Equal("this-process", process.GetProperty("scope").GetString());
        Assert.Equal(1, process.GetProperty("counters").GetProperty("jobAccepted").GetInt64());
    }

    [Fact]
    public async Task Nodes_lists_every_node_with_its_owner_capacity_and_reputation()
    {
        await using var world = await ApiWorld.CreateAsync();

        var nodes = (await ApiWorld.JsonOf(await world.GetAsync("/api/nodes"))).GetProperty("items").EnumerateArray().ToList();

        var fleet = world.Work.Fleet.Coordinator;
        Assert.Equal(fleet.Gateways.Count + fleet.Devices.Count, nodes.Count);
        var device = fleet.Devices[3];
        var shown = nodes.Single(n => n.GetProperty("id").GetString() == device.Id);
        Assert.Equal("device", shown.GetProperty("kind").GetString());
        Assert.Equal(device.OwnerId, shown.GetProperty("owner").GetString());
        Assert.Equal(device.GatewayId, shown.GetProperty("gateway").GetString());
        Assert.True(shown.GetProperty("online").GetBoolean());
        Assert.NotEmpty(shown.GetProperty("kernels").EnumerateArray());
        Assert.True(shown.GetProperty("capacity").GetInt32() > 0);
        Assert.Equal(0, shown.GetProperty("outstanding").GetInt32());
        var reputation = shown.GetProperty("reputation");
        Assert.InRange(reputation.GetProperty("lowerBound").GetDouble(), 0, reputation.GetProperty("mean").GetDouble());
        Assert.Equal(JsonValueKind.False, shown.GetProperty("trusted").ValueKind);
        Assert.Equal(0, shown.GetProperty("reusedBoots").GetProperty("boots").GetInt32());
        var gateway = nodes.Single(n => n.GetProperty("id").GetString() == fleet.Gateways[0].Id);
        Assert.Equal("gateway", gateway.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, gateway.GetProperty("reusedBoots").ValueKind);
        Assert.Equal(fleet.Gateways[0].OwnerId, gateway.GetProperty("owner").GetString());
        Assert.Contains("wasm", gateway.GetProperty("kernels").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task Nodes_shows_the_boots_a_device_used_twice_and_the_frames_refused_under_them()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = world.Work.Fleet.Coordinator.Devices[2].Id;
        TelemetryFrameRecord Frame(uint seq, byte run) =>
            new(device, 4, seq, PayloadHash.Of([run, (byte)seq]), 1, WorkWorld.T0 + (seq * 60_000), 6, []);
        await world.Telemetry.CommitBatchAsync(new TelemetryBatch("gw-01", 1, 901, PayloadHash.Of([1]), WorkWorld.T0, [Frame(1, 1), Frame(2, 1), Frame(3, 1)], [], 0, [], []), Ct);
        // the board was flashed again and lost its boot counter: boot 4 once more, other frames under the same seqs
        var again = await world.Telemetry.CommitBatchAsync(new TelemetryBatch("gw-01", 1, 902, PayloadHash.Of([2]), WorkWorld.T0 + 5, [Frame(1, 2), Frame(2, 2)], [], 0, [], []), Ct);

        var nodes = (await ApiWorld.JsonOf(await world.GetAsync("/api/nodes"))).GetProperty("items").EnumerateArray().ToList();

        Assert.True(Assert.Single(again.ReusedBoots).IsNew);
        var reused = nodes.Single(n => n.GetProperty("id").GetString() == device).GetProperty("reusedBoots");
        Assert.Equal((1, 2L, 4u), (reused.GetProperty("boots").GetInt32(), reused.GetProperty("framesRefused").GetInt64(), reused.GetProperty("lastBoot").GetUInt32()));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(WorkWorld.T0 + 5), reused.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.All(nodes.Where(n => n.GetProperty("kind").GetString() == "device" && n.GetProperty("id").GetString() != device),
            n => Assert.Equal(0, n.GetProperty("reusedBoots").GetProperty("boots").GetInt32()));
    }
}
