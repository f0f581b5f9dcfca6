using EdgeCompute.Coordinator.Domain.Scheduling;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Tests.Scheduling;

public sealed class ReplicaPlacementTests
{
    private static readonly JobVerificationPolicy Adaptive = new(VerificationMethod.AdaptiveReplication, Quorum: 2, Replicas: 2);
    private static readonly IReadOnlySet<string> Kernels = new HashSet<string> { "mc.pi" };

    private static NodeCandidate Node(string id, double reputation) => new(id, id, "gw-" + id, id, false, Kernels, true, 1, reputation, "u0");

    private static PlacementRequest Request() => new("t1", "mc.pi", 0, [], new HashSet<string>(), null);

    private static AdaptiveReplication TrustedNode(string id, double spotCheckRate)
    {
        var adaptive = new AdaptiveReplication(1, spotCheckRate);
        adaptive.Restore(id, new AdaptiveTrust(1, true, 0, 0));
        return adaptive;
    }

    [Fact]
    public void A_trusted_first_node_not_drawn_for_a_spot_check_runs_the_task_alone()
    {
        var pool = new NodePool([Node("a", 0.9), Node("b", 0.5)]);

        var placed = ReplicaPlacement.Place(Request(), 1, firstIssue: true, Adaptive, TrustedNode("a", 0), pool, new Random(1));

        Assert.Equal(["a"], placed.Chosen.Select(n => n.NodeId));
        Assert.Equal(1, placed.Target);
        Assert.Equal(1, pool.FreeSlots("b"));
    }

    [Fact]
    public void An_untrusted_first_node_gets_the_policys_replicas_from_the_start()
    {
        var pool = new NodePool([Node("a", 0.9), Node("b", 0.5), Node("c", 0.1)]);

        var placed = ReplicaPlacement.Place(Request(), 1, firstIssue: true, Adaptive, new AdaptiveReplication(10, 0.1), pool, new Random(1));

        Assert.Equal(["a", "b"], placed.Chosen.Select(n => n.NodeId));
        Assert.Equal(2, placed.Target);
    }

    [Fact]
    public void A_spot_check_replicates_a_trusted_nodes_task()
    {
        var pool = new NodePool([Node("a", 0.9), Node("b", 0.5)]);

        var placed = ReplicaPlacement.Place(Request(), 1, firstIssue: true, Adaptive, TrustedNode("a", 1), pool, new Random(1));

        Assert.Equal(["a", "b"], placed.Chosen.Select(n => n.NodeId));
    }

    [Fact]
    public void When_the_replicas_cannot_all_be_placed_nothing_is_issued_and_the_slots_go_back()
    {
        var pool = new NodePool([Node("a", 0.9)]);

        var placed = ReplicaPlacement.Place(Request(), 1, firstIssue: true, Adaptive, new AdaptiveReplication(10, 0.1), pool, new Random(1));

        Assert.Empty(placed.Chosen);
        Assert.Equal(2, placed.Target);
        Assert.Equal(1, pool.FreeSlots("a"));
    }

    [Fact]
    public void A_task_already_issued_gets_the_replicas_it_still_needs()
    {
        var pool = new NodePool([Node("a", 0.9), Node("b", 0.5), Node("c", 0.1)]);
        var request = Request() with { Existing = [new ReplicaHolder("a", "a", "a")], ExcludedNodes = new HashSet<string> { "a" } };

        var placed = ReplicaPlacement.Place(request, 2, firstIssue: false, Adaptive, new AdaptiveReplication(10, 0.1), pool, new Random(1));

        Assert.Equal(["b", "c"], placed.Chosen.Select(n => n.NodeId));
        Assert.Equal(2, placed.Target);
    }
}
