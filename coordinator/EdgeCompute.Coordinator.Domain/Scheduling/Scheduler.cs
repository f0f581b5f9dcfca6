using System.Globalization;

namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>
/// Chooses nodes for a task's replicas.
/// <list type="number">
/// <item>Eligible: not excluded, not already holding a replica, runs the kernel, online, a free slot in the pool, and the
/// pinned node when the task is pinned.</item>
/// <item>Order: higher <see cref="NodeCandidate.Reputation"/> first, then more free slots, then a draw from the caller's
/// seeded <see cref="Random"/> (one draw per eligible node, in node-id order, so a seed repeats the choice).</item>
/// <item>Diversity, greedily in that order: a node is taken only if, against every replica already live or chosen,
/// the owners differ and neither side's gateway owner owns the other side (so nobody controls two replicas, either as
/// their owner or as the owner of the gateway that relays them), and it is not one of a detected colluding pair with any
/// of them (<see cref="NodePool.KeptApart"/>: such a pair counts as one controller). Greedy can miss a diverse set a
/// search would find among lower-ranked nodes; it never breaks diversity.</item>
/// </list>
/// Each chosen node's slot is taken from the <see cref="NodePool"/>. When fewer than wanted are chosen, the reason is
/// the first stage that left fewer nodes than wanted (kernel, online, capacity), else owner diversity; a pinned task
/// runs on its one node only, so asking it for more replicas is short with <see cref="PlacementReasonCode.PinnedNodeUnavailable"/>.
/// </summary>
public static class Scheduler
{
    /// <summary>Places a task's missing replicas.</summary>
    /// <param name="request">The task and what is live already.</param>
    /// <param name="pool">The pass's candidates; slots of chosen nodes are taken from it.</param>
    /// <param name="random">The seeded source of tie-breaks.</param>
    /// <returns>The chosen nodes and, when short, why.</returns>
    public static Placement Place(PlacementRequest request, NodePool pool, Random random)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(random);
        var existing = request.Existing ?? [];
        var excluded = request.ExcludedNodes ?? new HashSet<string>();
        var wanted = Math.Max(0, request.Replicas - existing.Count);
        if (wanted == 0)
        {
            return new Placement(request.TaskId, [], 0, PlacementReasonCode.Ok, $"{existing.Count} replicas live; none wanted");
        }

        var holding = existing.Select(h => h.NodeId).ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<NodeCandidate> candidates;
        if (request.PinnedNode is { } pinned)
        {
            if (PinnedProblem(pool.Find(pinned), pinned, request.Kernel, excluded, holding) is { } problem)
            {
                return new Placement(request.TaskId, [], wanted, PlacementReasonCode.PinnedNodeUnavailable, problem);
            }

            candidates = [pool.Find(pinned)!];
        }
        else
        {
            candidates = [.. pool.Nodes.Where(n => !excluded.Contains(n.NodeId) && !holding.Contains(n.NodeId))];
        }

        var supporting = candidates.Where(n => n.Kernels.Contains(request.Kernel)).ToList();
        var online = supporting.Where(n => n.Online).ToList();
        var free = online.Where(n => n.FreeSlots > 0).ToList();
        var ranked = free
            .Select(n => (Node: n, Draw: random.NextDouble()))
            .OrderByDescending(x => x.Node.Reputation)
            .ThenByDescending(x => x.Node.FreeSlots)
            .ThenBy(x => x.Draw)
            .Select(x => x.Node);

        var owners = existing.Select(h => (h.Owner, h.GatewayOwner)).ToList();
        var chosen = new List<NodeCandidate>();
        var rejected = 0;
        var apart = 0;
        foreach (var node in ranked)
        {
            if (chosen.Count == wanted)
            {
                break;
            }

            if (!owners.All(o => AreDiverse(o, (node.Owner, node.GatewayOwner))))
            {
                rejected++;
                continue;
            }

            if (holding.Any(h => pool.KeptApart(h, node.NodeId)) || chosen.Any(c => pool.KeptApart(c.NodeId, node.NodeId)))
            {
                apart++;
                continue;
            }

            if (pool.TryTake(node.NodeId))
            {
                chosen.Add(pool.Find(node.NodeId)!);
                owners.Add((node.Owner, node.GatewayOwner));
            }
        }

        var counts = string.Create(
            CultureInfo.InvariantCulture,
            $"placed {chosen.Count} of {wanted} for {request.TaskId} ({request.Kernel}): {candidates.Count} candidates, {supporting.Count} run the kernel, {online.Count} online, {free.Count} with a free slot, {rejected} skipped for owner diversity, {apart} for a detected colluding pair");
        var reason = chosen.Count == wanted ? PlacementReasonCode.Ok
            : request.PinnedNode is not null ? (rejected + apart > 0 ? PlacementReasonCode.OwnerDiversityUnmet : PlacementReasonCode.PinnedNodeUnavailable)
            : supporting.Count < wanted ? PlacementReasonCode.NoNodeSupportsKernel
            : online.Count < wanted ? PlacementReasonCode.NoneOnline
            : free.Count < wanted ? PlacementReasonCode.NoFreeCapacity
            : PlacementReasonCode.OwnerDiversityUnmet;
        var detail = reason == PlacementReasonCode.PinnedNodeUnavailable ? $"{counts}; a pinned task runs on its one node only" : counts;
        return new Placement(request.TaskId, chosen, wanted, reason, detail);
    }

    /// <summary>
    /// Whether two replicas may run side by side: different owners, and neither's gateway owner owns the other.
    /// </summary>
    /// <param name="a">One replica's owner and gateway owner.</param>
    /// <param name="b">The other's.</param>
    /// <returns>Whether they are diverse.</returns>
    public static bool AreDiverse((string Owner, string GatewayOwner) a, (string Owner, string GatewayOwner) b) =>
        !string.Equals(a.Owner, b.Owner, StringComparison.Ordinal)
        && !string.Equals(a.GatewayOwner, b.Owner, StringComparison.Ordinal)
        && !string.Equals(b.GatewayOwner, a.Owner, StringComparison.Ordinal);

    private static string? PinnedProblem(NodeCandidate? node, string pinned, string kernel, IReadOnlySet<string> excluded, HashSet<string> holding) =>
        node is null ? $"pinned node {pinned} is not in the pool"
        : excluded.Contains(pinned) ? $"pinned node {pinned} is excluded from this task"
        : holding.Contains(pinned) ? $"pinned node {pinned} already holds a replica"
        : !node.Kernels.Contains(kernel) ? $"pinned node {pinned} does not run {kernel}"
        : !node.Online ? $"pinned node {pinned} is offline"
        : node.FreeSlots <= 0 ? $"pinned node {pinned} has no free slot"
        : null;
}
