using System.Text.Json;
using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Tests.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Api;

public sealed class NodesApiTests
{
    private const string Exact = "u4pruyd";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_every_node_in_id_order_with_the_total_the_next_offset_and_when_each_was_last_seen()
    {
        await using var world = await ApiWorld.CreateAsync();
        var all = world.Work.Nodes.Snapshot();

        var first = await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?limit=7"));
        var rest = await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?offset=7&limit=1000"));

        Assert.Equal(all.Count, first.GetProperty("total").GetInt32());
        Assert.Equal(7, first.GetProperty("items").GetArrayLength());
        Assert.Equal(7, first.GetProperty("next").GetInt32());
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next").ValueKind);
        Assert.Equal(all.Select(n => n.NodeId), Ids(first).Concat(Ids(rest)));
        var shown = first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray())
            .Select(n => n.GetProperty("lastSeen").ValueKind == JsonValueKind.Null ? (DateTimeOffset?)null : n.GetProperty("lastSeen").GetDateTimeOffset());
        Assert.Equal(all.Select(n => n.LastSeen), shown);
        Assert.All(all, n => Assert.NotNull(n.LastSeen)); // every node of the world was born, so it was heard of
    }

    [Fact]
    public async Task Filters_by_gateway_owner_state_and_kind()
    {
        await using var world = await ApiWorld.CreateAsync();
        world.Work.Nodes.GatewayState("gw-03", online: false); // its devices go offline with it
        var owner = world.Work.Fleet.Coordinator.Devices[0].OwnerId;
        var fleet = world.Work.Fleet.Coordinator;

        var ofGateway = await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?gateway=gw-02"));
        var ofOwner = await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?owner=" + owner));
        var offline = await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?online=false"));
        var gateways = await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?kind=gateway&online=true"));

        Assert.Equal(fleet.Devices.Where(d => d.GatewayId == "gw-02").Select(d => d.Id).Append("gw-02").Order(StringComparer.Ordinal), Ids(ofGateway));
        Assert.Equal(fleet.Devices.Where(d => d.OwnerId == owner).Select(d => d.Id).Concat(fleet.Gateways.Where(g => g.OwnerId == owner).Select(g => g.Id))
            .Order(StringComparer.Ordinal), Ids(ofOwner));
        Assert.Equal(fleet.Devices.Where(d => d.GatewayId == "gw-03").Select(d => d.Id).Append("gw-03").Order(StringComparer.Ordinal), Ids(offline));
        Assert.All(offline.GetProperty("items").EnumerateArray(), n => Assert.False(n.GetProperty("online").GetBoolean()));
        Assert.Equal(["gw-01", "gw-02"], Ids(gateways));
    }

    [Fact]
    public async Task Locations_are_public_to_five_characters_exact_for_the_owner_and_the_operator()
    {
        await using var world = await ApiWorld.CreateAsync();
        var owner = world.Work.Fleet.Coordinator.Devices[0].OwnerId;

        var anonymous = (await ApiWorld.JsonOf(await world.GetAsync("/api/nodes"))).GetProperty("items").EnumerateArray().ToList();
        var asOwner = (await ApiWorld.JsonOf(await world.GetAsync("/api/nodes", world.TokenOf(owner)))).GetProperty("items").EnumerateArray().ToList();
        var asOperator = (await ApiWorld.JsonOf(await world.GetAsync("/api/nodes", ApiWorld.OperatorToken))).GetProperty("items").EnumerateArray().ToList();

        Assert.All(anonymous, n => Assert.Equal(("u4pru", false), (n.GetProperty("geohash").GetString(), n.GetProperty("exactLocation").GetBoolean())));
        Assert.All(asOperator, n => Assert.Equal((Exact, true), (n.GetProperty("geohash").GetString(), n.GetProperty("exactLocation").GetBoolean())));
        Assert.All(asOwner, n => Assert.Equal(n.GetProperty("owner").GetString() == owner ? Exact : "u4pru", n.GetProperty("geohash").GetString()));
        Assert.Contains(asOwner, n => n.GetProperty("owner").GetString() == owner);
    }

    [Fact]
    public async Task Counts_each_nodes_results_judged_valid_and_judged_wrong_from_the_store()
    {
        var seed = TestSeed.Pick(4102); // the seed of QuorumOutvotesACheatingReplicaAndPenalisesIt: its cheater is outvoted
        await using var world = await ApiWorld.CreateAsync(seed);
        var work = world.Work;
        var submitter = work.Owner(0);
        await work.FundAsync(submitter, 10_000);
        var cheater = work.Fleet.Coordinator.Devices[2].Id;
        work.Cheaters.Add(cheater);
        await work.SubmitAsync(new MonteCarloPiJobSpec(400_000, 50_000, 7) { Verification = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 3) }, submitter);
        await work.RunUntilDoneAsync();

        var results = new List<ResultRecord>();
        foreach (var job in await work.Store.ListJobsAsync(null, 0, 10, Ct))
        {
            foreach (var task in await work.Store.ReadTasksAsync(job.JobId, Ct))
            {
                results.AddRange(await work.Store.ReadResultsAsync(task.TaskId, Ct));
            }
        }

        var nodes = (await ApiWorld.JsonOf(await world.GetAsync("/api/nodes"))).GetProperty("items").EnumerateArray()
            .ToDictionary(n => n.GetProperty("id").GetString()!, n => (n.GetProperty("tasksVerified").GetInt64(), n.GetProperty("tasksRejected").GetInt64()));
        Assert.True(results.Any(r => r.NodeId == cheater && r.Verdict == ResultVerdict.Invalid), $"seed {seed}: the cheater {cheater} was never outvoted; {results.Count} results: {string.Join(", ", results.Select(r => r.NodeId + ":" + r.Verdict))}");
        foreach (var (id, counts) in nodes)
        {
            Assert.Equal((results.LongCount(r => r.NodeId == id && r.Verdict == ResultVerdict.Valid), results.LongCount(r => r.NodeId == id && r.Verdict == ResultVerdict.Invalid)), counts);
        }

        Assert.True(nodes.Values.Sum(c => c.Item1) > 0, $"seed {seed}: no node shows a verified result");
    }

    [Fact]
    public async Task A_gateway_shows_its_latest_status_report_and_a_device_none()
    {
        await using var world = await ApiWorld.CreateAsync();
        var before = DateTimeOffset.UtcNow; // the world's directory stamps receipts on the system clock
        world.Work.Nodes.GatewayStatus("gw-02", new GatewayStatus(250, 123_456_789, 7));
        var after = DateTimeOffset.UtcNow;

        var nodes = (await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?gateway=gw-02"))).GetProperty("items").EnumerateArray().ToList();

        var status = nodes.Single(n => n.GetProperty("kind").GetString() == "gateway").GetProperty("status");
        Assert.Equal((250L, 123_456_789L, 7L), (status.GetProperty("idleCpuPermille").GetInt64(), status.GetProperty("freeMemoryBytes").GetInt64(), status.GetProperty("outboxDepth").GetInt64()));
        Assert.InRange(status.GetProperty("receivedAt").GetDateTimeOffset(), before, after);
        Assert.All(nodes.Where(n => n.GetProperty("kind").GetString() == "device"), n => Assert.Equal(JsonValueKind.Null, n.GetProperty("status").ValueKind));
    }

    [Fact]
    public async Task A_gateway_shows_its_status_v2_fields_in_nodes_and_fleet_and_null_where_a_v1_gateway_sent_none()
    {
        await using var world = await ApiWorld.CreateAsync();
        world.Work.Nodes.GatewayStatus("gw-01", new GatewayStatus(900, 1_000, 0));
        world.Work.Nodes.GatewayStatus("gw-02", new GatewayStatus(250, 123_456_789, 7, 1_048_576, 3, 41, 2, 8));
        string[] fields = ["outboxBytes", "unackedBatches", "outboxEvictions", "uplinkReconnects", "connectedDevices"];

        var gateways = (await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?kind=gateway"))).GetProperty("items").EnumerateArray()
            .ToDictionary(n => n.GetProperty("id").GetString()!, n => n.GetProperty("status"));
        Assert.Equal([1_048_576L, 3L, 41L, 2L, 8L], fields.Select(f => gateways["gw-02"].GetProperty(f).GetInt64()));
        Assert.All(fields, f => Assert.Equal(JsonValueKind.Null, gateways["gw-01"].GetProperty(f).ValueKind));
        Assert.Equal(900, gateways["gw-01"].GetProperty("idleCpuPermille").GetInt64());

        var fleet = (await ApiWorld.JsonOf(await world.GetAsync("/api/fleet"))).GetProperty("gateways").EnumerateArray()
            .ToDictionary(g => g.GetProperty("id").GetString()!, g => g.GetProperty("status"));
        Assert.Equal([1_048_576L, 3L, 41L, 2L, 8L], fields.Select(f => fleet["gw-02"].GetProperty(f).GetInt64()));
        Assert.Equal(JsonValueKind.Null, fleet["gw-01"].GetProperty("connectedDevices").ValueKind);
    }

    [Fact]
    public async Task A_device_shows_its_data_quality_of_the_latest_closed_epoch_and_none_before_it()
    {
        await using var world = await ApiWorld.CreateAsync();
        var device = world.Work.Fleet.Coordinator.Devices[1].Id;
        await world.StoreTelemetryAsync(device, "temp", Enumerable.Range(0, 5).Select(i => (WorkWorld.T0 + (i * 60_000L), 2_100L + i)));
        await world.StoreTelemetryAsync(device, "temp", [(WorkWorld.T0 + (5 * 60_000L), 12_000L)]); // 120 °C: out of range
        var before = await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?kind=device"));
        world.Work.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(EpochSettlementReason.Closed, (await world.Settlement().CloseAsync(0, Ct)).Reason);

        var after = (await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?kind=device"))).GetProperty("items").EnumerateArray().ToList();

        Assert.All(before.GetProperty("items").EnumerateArray(), n => Assert.Equal(JsonValueKind.Null, n.GetProperty("quality").ValueKind));
        var quality = after.Single(n => n.GetProperty("id").GetString() == device).GetProperty("quality");
        Assert.Equal(0, quality.GetProperty("epoch").GetInt64());
        Assert.Equal(30.0 / 36, quality.GetProperty("score").GetDouble(), 12);
        Assert.Equal(["range"], quality.GetProperty("failedChecks").EnumerateArray().Select(c => c.GetString()));
        Assert.All(after.Where(n => n.GetProperty("id").GetString() != device), n => Assert.Equal(JsonValueKind.Null, n.GetProperty("quality").ValueKind)); // no telemetry
    }

    [Fact]
    public async Task Pages_after_the_previous_pages_last_node_so_a_node_joining_meanwhile_shifts_nothing()
    {
        await using var world = await ApiWorld.CreateAsync();
        var all = world.Work.Nodes.Snapshot().Select(n => n.NodeId).ToList();
        var gateway = all.First(id => id.StartsWith("gw-", StringComparison.Ordinal));

        var first = await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?limit=5"));
        // a device sorting before the cursor joins: an offset would now show the first page's last node again
        world.Work.Nodes.DeviceBirth(gateway, "0-joined", 1, new EdgeCompute.Protocol.Births.DeviceBirth("1.0.0", "esp32", ["pow"], 320_000, 240, []));
        var pages = new List<JsonElement> { first };
        while (pages[^1].GetProperty("nextAfter").GetString() is { } after)
        {
            pages.Add(await ApiWorld.JsonOf(await world.GetAsync("/api/nodes?limit=5&after=" + Uri.EscapeDataString(after))));
        }

        Assert.Equal(all, pages.SelectMany(Ids));
        Assert.Equal(all.Count, first.GetProperty("total").GetInt32());
        Assert.Equal(all.Count + 1, pages[^1].GetProperty("total").GetInt32());
        Assert.Equal(Enumerable.Range(0, pages.Count).Select(p => p == 0 ? 0 : (p * 5) + 1), pages.Select(p => p.GetProperty("offset").GetInt32())); // the joined node counts before them
        Assert.All(pages.SkipLast(1), p => Assert.Equal(Ids(p).Last(), p.GetProperty("nextAfter").GetString()));
        Assert.Equal(JsonValueKind.Null, pages[^1].GetProperty("next").ValueKind);
    }

    [Fact]
    public async Task A_filtered_page_after_a_cursor_holds_the_next_matching_nodes_and_counts_those_before_it()
    {
        await using var world = await ApiWorld.CreateAsync();
        world.Work.Nodes.GatewayState("gw-03", online: false);
        var online = world.Work.Nodes.Snapshot().Where(n => n.Online).Select(n => n.NodeId).ToList();

        var page = await ApiWorld.JsonOf(await world.GetAsync($"/api/nodes?online=true&limit=3&after={online[1]}"));

        Assert.Equal(online.Skip(2).Take(3), Ids(page));
        Assert.Equal((2, online.Count, 5), (page.GetProperty("offset").GetInt32(), page.GetProperty("total").GetInt32(), page.GetProperty("next").GetInt32()));
        Assert.Equal(online[4], page.GetProperty("nextAfter").GetString());
    }

    [Theory]
    [InlineData("offset=3&after=gw-01", "after")]
    [InlineData("online=maybe", "online")]
    [InlineData("kind=robot", "kind")]
    [InlineData("limit=1001", "limit")]
    [InlineData("offset=-1", "offset")]
    public async Task A_bad_parameter_is_400_naming_it(string query, string field)
    {
        await using var world = await ApiWorld.CreateAsync();

        var problem = await ApiWorld.ProblemOf(await world.GetAsync("/api/nodes?" + query), 400);

        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    private static IEnumerable<string?> Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetString());
}
