using EdgeCompute.Coordinator.Domain.Scheduling;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.Scheduling;

public sealed class SchedulerTests
{
    private const string Pi = "mc.pi";

    [Fact]
    public void Places_replicas_on_nodes_of_different_owners()
    {
        var pool = new NodePool([Device("a1", "alice", rep: 0.9), Device("a2", "alice", rep: 0.8), Device("b1", "bob", rep: 0.7)]);

        var placement = Scheduler.Place(Request(replicas: 2), pool, TestSeed.Random(1));

        Assert.True(placement.IsComplete, placement.Detail);
        Assert.Equal(["a1", "b1"], placement.Chosen.Select(n => n.NodeId));
    }

    [Fact]
    public void Skips_a_node_behind_a_gateway_whose_owner_holds_another_replica()
    {
        // carol owns the gateway that relays d1, and carol's own device c1 already holds a replica.
        var pool = new NodePool([Device("d1", "dave", gatewayOwner: "carol", rep: 0.9), Device("e1", "erin", rep: 0.5)]);
        var request = Request(replicas: 2, existing: [new ReplicaHolder("c1", "carol", "carol")]);

        var placement = Scheduler.Place(request, pool, TestSeed.Random(2));

        Assert.Equal(["e1"], placement.Chosen.Select(n => n.NodeId));
        Assert.True(placement.IsComplete);
    }

    [Fact]
    public void Skips_a_node_whose_owner_runs_the_gateway_of_another_replica()
    {
        // The live replica runs behind frank's gateway; frank's own device may not run the task too.
        var pool = new NodePool([Device("f1", "frank", rep: 0.9), Device("g1", "gina", rep: 0.1)]);
        var request = Request(replicas: 2, existing: [new ReplicaHolder("h1", "hugo", "frank")]);

        Assert.Equal(["g1"], Scheduler.Place(request, pool, TestSeed.Random(3)).Chosen.Select(n => n.NodeId));
    }

    [Fact]
    public void Prefers_better_reputation_then_more_free_slots()
    {
        var pool = new NodePool(
        [
            Device("low", "o1", rep: 0.2, slots: 9),
            Device("high", "o2", rep: 0.95, slots: 1),
            Device("mid-busy", "o3", rep: 0.6, slots: 1),
            Device("mid-free", "o4", rep: 0.6, slots: 4),
        ]);

        var placement = Scheduler.Place(Request(replicas: 4), pool, TestSeed.Random(4));

        Assert.Equal(["high", "mid-free", "mid-busy", "low"], placement.Chosen.Select(n => n.NodeId));
    }

    [Fact]
    public void Places_a_pinned_task_only_on_its_node()
    {
        var pool = new NodePool([Gateway("gw-a", "alice", rep: 0.1), Gateway("gw-b", "bob", rep: 0.9)]);
        var request = new PlacementRequest("job-0", "wasm", 1, [], new HashSet<string>(), "gw-a");

        var placement = Scheduler.Place(request, pool, TestSeed.Random(5));

        Assert.Equal(["gw-a"], placement.Chosen.Select(n => n.NodeId));
        Assert.True(placement.IsComplete);
    }

    [Fact]
    public void Reports_a_pinned_node_that_cannot_take_the_task()
    {
        var pool = new NodePool([Gateway("gw-a", "alice", online: false), Gateway("gw-b", "bob")]);

        var offline = Scheduler.Place(new PlacementRequest("job-0", "wasm", 1, [], new HashSet<string>(), "gw-a"), pool, TestSeed.Random(6));
        var unknown = Scheduler.Place(new PlacementRequest("job-0", "wasm", 1, [], new HashSet<string>(), "gw-z"), pool, TestSeed.Random(6));

        Assert.Equal((PlacementReasonCode.PinnedNodeUnavailable, 0), (offline.ReasonCode, offline.Chosen.Count));
        Assert.Equal("pinned node gw-a is offline", offline.Detail);
        Assert.Equal("pinned node gw-z is not in the pool", unknown.Detail);
    }

    [Fact]
    public void Consumes_capacity_across_placements_of_one_pass()
    {
        var pool = new NodePool([Device("a1", "alice", rep: 0.9, slots: 2), Device("b1", "bob", rep: 0.5, slots: 1)]);
        var random = TestSeed.Random(7);

        var first = Scheduler.Place(Request(1, "t-0"), pool, random);
        var second = Scheduler.Place(Request(1, "t-1"), pool, random);
        var third = Scheduler.Place(Request(1, "t-2"), pool, random);
        var fourth = Scheduler.Place(Request(1, "t-3"), pool, random);

        Assert.Equal(["a1", "a1", "b1"], new[] { first, second, third }.Select(p => p.Chosen.Single().NodeId));
        Assert.Equal(0, pool.FreeSlots("a1"));
        Assert.Equal((PlacementReasonCode.NoFreeCapacity, 0), (fourth.ReasonCode, fourth.Chosen.Count));
        Assert.Equal(0, second.Chosen.Single().FreeSlots);
    }

    [Fact]
    public void Reports_unmet_owner_diversity_with_the_partial_placement()
    {
        var pool = new NodePool([Device("a1", "alice", rep: 0.9), Device("a2", "alice", rep: 0.8), Device("a3", "alice", rep: 0.7), Device("b1", "bob", rep: 0.1)]);

        var placement = Scheduler.Place(Request(replicas: 3), pool, TestSeed.Random(8));

        Assert.Equal(PlacementReasonCode.OwnerDiversityUnmet, placement.ReasonCode);
        Assert.Equal(["a1", "b1"], placement.Chosen.Select(n => n.NodeId));
        Assert.Equal(3, placement.Wanted);
        Assert.Equal((0, 1, 1), (pool.FreeSlots("a1"), pool.FreeSlots("a2"), pool.FreeSlots("b1") + 1));
    }

    [Fact]
    public void Names_the_stage_that_ran_out_of_nodes()
    {
        var noKernel = new NodePool([Device("a1", "alice", kernels: ["pow.sha256"])]);
        var offline = new NodePool([Device("a1", "alice", online: false)]);
        var full = new NodePool([Device("a1", "alice", slots: 0)]);

        Assert.Equal(PlacementReasonCode.NoNodeSupportsKernel, Scheduler.Place(Request(1), noKernel, TestSeed.Random(9)).ReasonCode);
        Assert.Equal(PlacementReasonCode.NoneOnline, Scheduler.Place(Request(1), offline, TestSeed.Random(9)).ReasonCode);
        Assert.Equal(PlacementReasonCode.NoFreeCapacity, Scheduler.Place(Request(1), full, TestSeed.Random(9)).ReasonCode);
    }

    [Fact]
    public void Never_chooses_excluded_nodes_or_nodes_already_holding_a_replica()
    {
        var pool = new NodePool([Device("a1", "alice", rep: 0.9), Device("b1", "bob", rep: 0.8), Device("c1", "carol", rep: 0.1)]);
        var request = new PlacementRequest("t", Pi, 2, [new ReplicaHolder("b1", "bob-old", "bob-old")], new HashSet<string> { "a1" }, null);

        Assert.Equal(["c1"], Scheduler.Place(request, pool, TestSeed.Random(10)).Chosen.Select(n => n.NodeId));
    }

    [Fact]
    public void Places_nothing_when_enough_replicas_are_live()
    {
        var placement = Scheduler.Place(Request(1, existing: [new ReplicaHolder("x", "o", "o")]), new NodePool([Device("a1", "alice")]), TestSeed.Random(11));

        Assert.Equal((PlacementReasonCode.Ok, 0, 0), (placement.ReasonCode, placement.Chosen.Count, placement.Wanted));
    }

    [Fact]
    public void Breaks_ties_by_the_seed_and_repeats_with_the_same_seed()
    {
        var seed = TestSeed.Pick(12);
        NodePool Pool() => new([.. Enumerable.Range(0, 20).Select(i => Device($"n{i:D2}", $"owner{i}"))]);

        var runs = Enumerable.Range(0, 3).Select(_ => Scheduler.Place(Request(5), Pool(), new Random(seed)).Chosen.Select(n => n.NodeId).ToArray()).ToArray();
        var others = Enumerable.Range(1, 10).Select(k => string.Join(",", Scheduler.Place(Request(5), Pool(), new Random(seed + k)).Chosen.Select(n => n.NodeId))).ToHashSet();

        Assert.True(runs[0].SequenceEqual(runs[1]) && runs[1].SequenceEqual(runs[2]), $"seed={seed}: {string.Join(" | ", runs.Select(r => string.Join(",", r)))}");
        Assert.True(others.Count > 1, $"seed={seed}: ten other seeds all chose {string.Join(";", others)}");
    }

    [Fact]
    public void Never_places_the_two_nodes_of_a_detected_colluding_pair_on_one_task()
    {
        // mallory and trent rank first, but were caught returning the same wrong answer: one of them, then the next best.
        var apart = new HashSet<ColludingPair> { ColludingPair.Of("t1", "m1") };
        NodePool Pool(IReadOnlySet<ColludingPair>? pairs) =>
            new([Device("m1", "mallory", rep: 0.9), Device("t1", "trent", rep: 0.8), Device("h1", "heidi", rep: 0.3)], pairs);

        var kept = Scheduler.Place(Request(replicas: 2), Pool(apart), TestSeed.Random(7));
        var unkept = Scheduler.Place(Request(replicas: 2), Pool(null), TestSeed.Random(7));
        var joining = Scheduler.Place(Request(replicas: 2, existing: [new ReplicaHolder("t1", "trent", "trent")]), Pool(apart), TestSeed.Random(7));

        Assert.Equal(["m1", "h1"], kept.Chosen.Select(n => n.NodeId));
        Assert.Contains("1 for a detected colluding pair", kept.Detail, StringComparison.Ordinal);
        Assert.Equal(["m1", "t1"], unkept.Chosen.Select(n => n.NodeId));
        Assert.Equal(["h1"], joining.Chosen.Select(n => n.NodeId)); // a pair member already holding a replica keeps the other out too
    }

    private static PlacementRequest Request(int replicas, string taskId = "t", IReadOnlyList<ReplicaHolder>? existing = null) =>
        new(taskId, Pi, replicas, existing ?? [], new HashSet<string>(), null);

    private static NodeCandidate Device(string id, string owner, string? gatewayOwner = null, double rep = 0.5, int slots = 1, bool online = true, string[]? kernels = null) =>
        new(id, owner, $"gw-{gatewayOwner ?? owner}", gatewayOwner ?? owner, false, (kernels ?? ["mc.pi", "pow.sha256", "primes.count"]).ToHashSet(), online, slots, rep, "u0q");

    private static NodeCandidate Gateway(string id, string owner, double rep = 0.5, bool online = true) =>
        new(id, owner, id, owner, true, new HashSet<string> { "wasm" }, online, 2, rep, "u0q");
}
