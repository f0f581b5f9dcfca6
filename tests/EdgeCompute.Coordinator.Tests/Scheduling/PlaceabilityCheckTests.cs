using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Scheduling;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Tests.Scheduling;

public sealed class PlaceabilityCheckTests
{
    private static readonly JobVerificationPolicy TwoOfTwo = new(VerificationMethod.Quorum, Quorum: 2, Replicas: 2);
    private static readonly IReadOnlySet<string> Wasm = new HashSet<string> { "wasm" };

    private static IReadOnlyList<PlacementNeed> GatewayNeed(JobVerificationPolicy policy) => PlacementNeed.Of([("wasm", TaskTarget.Gateway)], policy);

    private static FleetNode Gateway(string id, string owner, bool online = true, IReadOnlySet<string>? kernels = null) =>
        new(id, owner, owner, true, kernels ?? Wasm, online);

    private static FleetNode Device(string id, string owner, string gatewayOwner, bool online = true) =>
        new(id, owner, gatewayOwner, false, new HashSet<string> { "mc.pi" }, online);

    [Fact]
    public void Quorum_two_with_one_owners_gateways_can_never_be_placed_and_says_why()
    {
        var verdict = PlaceabilityCheck.Check(GatewayNeed(TwoOfTwo), [Gateway("gw-1", "alice"), Gateway("gw-2", "alice")], onlineOnly: false);

        Assert.False(verdict.CanPlace);
        Assert.Equal("quorum 2 of 2 needs 2 gateways running wasm of distinct owners (none owning another's gateway); the registered fleet has at most 1 (1 eligible owner(s): alice)",
            verdict.Reason);
    }

    [Fact]
    public void Quorum_two_with_two_owners_gateways_can_be_placed()
    {
        Assert.True(PlaceabilityCheck.Check(GatewayNeed(TwoOfTwo), [Gateway("gw-1", "alice"), Gateway("gw-2", "bob")], onlineOnly: false).CanPlace);
    }

    [Fact]
    public void A_single_run_method_needs_one_node()
    {
        var once = new JobVerificationPolicy(VerificationMethod.SampledReExecution, Quorum: 1, Replicas: 1);

        Assert.True(PlaceabilityCheck.Check(GatewayNeed(once), [Gateway("gw-1", "alice")], onlineOnly: false).CanPlace);
    }

    [Fact]
    public void No_gateway_announcing_wasm_is_never_placeable_but_one_never_announced_may_be()
    {
        var none = new HashSet<string> { "pow.sha256" };

        var announcedOther = PlaceabilityCheck.Check(GatewayNeed(TwoOfTwo), [Gateway("gw-1", "alice", kernels: none), Gateway("gw-2", "bob", kernels: none)], onlineOnly: false);
        var unknown = new FleetNode("gw-3", "carol", "carol", true, null, false);
        var withUnknown = PlaceabilityCheck.Check(GatewayNeed(TwoOfTwo), [Gateway("gw-1", "alice"), unknown], onlineOnly: false);

        Assert.Equal("no registered gateway runs the wasm kernel (2 gateway(s) registered, none announced it)", announcedOther.Reason);
        Assert.True(withUnknown.CanPlace);
    }

    [Fact]
    public void An_empty_registry_names_the_missing_node_kind()
    {
        Assert.Equal("no registered gateway runs the wasm kernel", PlaceabilityCheck.Check(GatewayNeed(TwoOfTwo), [], onlineOnly: false).Reason);
    }

    [Fact]
    public void Online_only_counts_the_nodes_connected_now()
    {
        FleetNode[] fleet = [Gateway("gw-1", "alice"), Gateway("gw-2", "bob", online: false)];

        Assert.True(PlaceabilityCheck.Check(GatewayNeed(TwoOfTwo), fleet, onlineOnly: false).CanPlace);
        var now = PlaceabilityCheck.Check(GatewayNeed(TwoOfTwo), fleet, onlineOnly: true);
        Assert.False(now.CanPlace);
        Assert.Contains("the online fleet has at most 1", now.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Devices_behind_a_gateway_of_the_other_owner_are_not_diverse()
    {
        var need = PlacementNeed.Of([("mc.pi", TaskTarget.Device)], TwoOfTwo);

        // bob's device sits behind alice's gateway: alice could control both replicas.
        var crossed = PlaceabilityCheck.Check(need, [Device("d-1", "alice", "alice"), Device("d-2", "bob", "alice")], onlineOnly: false);
        var apart = PlaceabilityCheck.Check(need, [Device("d-1", "alice", "alice"), Device("d-2", "bob", "bob")], onlineOnly: false);

        Assert.False(crossed.CanPlace);
        Assert.True(apart.CanPlace);
    }

    [Fact]
    public void The_exact_search_finds_a_diverse_set_greedy_order_would_miss()
    {
        // alice's node behind bob's gateway, first in order, conflicts with both others (bob owns its gateway; carol's node
        // sits behind alice's gateway); bob's and carol's nodes are diverse together, so two can be placed, not one.
        var pairs = new List<(string, string)> { ("alice", "bob"), ("bob", "bob"), ("carol", "alice") };

        Assert.Equal(2, PlaceabilityCheck.MostDiverse(pairs, 2));
        Assert.Equal(2, PlaceabilityCheck.MostDiverse(pairs, 3));
    }

    [Fact]
    public void Needs_are_one_per_kernel_and_target_with_the_quorum()
    {
        var needs = PlacementNeed.Of([("mc.pi", TaskTarget.Device), ("mc.pi", TaskTarget.Device), ("wasm", TaskTarget.Gateway)],
            new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 3, Replicas: 4));

        Assert.Equal([("mc.pi", 3), ("wasm", 3)], needs.Select(n => (n.Kernel, n.DiverseNodes)));
        Assert.Equal("quorum 3 of 4", needs[0].Why);
    }
}
