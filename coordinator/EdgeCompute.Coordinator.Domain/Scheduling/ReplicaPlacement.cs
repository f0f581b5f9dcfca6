using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>
/// How many replicas a task gets in one scheduling pass and on which nodes. A task's first issue under adaptive
/// replication places one node, then asks <see cref="AdaptiveReplication.Plan"/>: a trusted node not drawn for a spot
/// check runs it alone; otherwise the task is replicated to the policy's replicas from the start, and when they cannot
/// all be placed now nothing is issued (a task issued with one slot would run alone) and the slots go back to the pool.
/// Every other task gets the replicas it still needs. Task issue and the verification harness both place this way.
/// </summary>
public static class ReplicaPlacement
{
    /// <summary>Places a task's replicas for this pass.</summary>
    /// <param name="request">The task, what is live, who is excluded; its <see cref="PlacementRequest.Replicas"/> is ignored.</param>
    /// <param name="need">Replicas the task still needs (its wanted replicas minus the live ones), at least 1.</param>
    /// <param name="firstIssue">Whether the task has never been issued (no slot used yet).</param>
    /// <param name="policy">The job's verification policy.</param>
    /// <param name="adaptive">Adaptive replication's trust per node (draws once for a trusted first node).</param>
    /// <param name="pool">The pass's candidates.</param>
    /// <param name="random">The seeded source of tie-breaks and spot-check draws.</param>
    /// <returns>The nodes chosen and the target.</returns>
    public static PassPlacement Place(PlacementRequest request, int need, bool firstIssue, JobVerificationPolicy policy, AdaptiveReplication adaptive,
        NodePool pool, Random random)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(adaptive);
        ArgumentNullException.ThrowIfNull(pool);
        var existing = request.Existing ?? [];
        var adaptiveFirst = firstIssue && policy.Method == VerificationMethod.AdaptiveReplication;
        var wanted = adaptiveFirst ? 1 : need;
        var placement = Scheduler.Place(request with { Replicas = existing.Count + wanted }, pool, random);
        var chosen = placement.Chosen.ToList();
        if (!adaptiveFirst || chosen.Count != 1 || adaptive.Plan(chosen[0].NodeId, random) == ReplicationMode.Alone)
        {
            return new PassPlacement(chosen, wanted, placement);
        }

        // Not trusted, or drawn for a spot check: the task is replicated from the start.
        var holders = existing.Append(new ReplicaHolder(chosen[0].NodeId, chosen[0].Owner, chosen[0].GatewayOwner)).ToList();
        var excluded = new HashSet<string>(request.ExcludedNodes ?? new HashSet<string>(), StringComparer.Ordinal) { chosen[0].NodeId };
        var more = Scheduler.Place(request with { Replicas = policy.Replicas, Existing = holders, ExcludedNodes = excluded }, pool, random);
        chosen.AddRange(more.Chosen);
        if (chosen.Count < policy.Replicas)
        {
            foreach (var node in chosen)
            {
                pool.Release(node.NodeId);
            }

            chosen.Clear();
        }

        return new PassPlacement(chosen, policy.Replicas, placement);
    }
}
