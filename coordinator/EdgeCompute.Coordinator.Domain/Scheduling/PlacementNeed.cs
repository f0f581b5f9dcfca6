using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>What a job's unpinned tasks need of the fleet: nodes of one kind that run a kernel, that many with diverse owners.</summary>
/// <param name="Kernel">The kernel the nodes must run.</param>
/// <param name="Target">Devices or gateways.</param>
/// <param name="DiverseNodes">How many nodes of pairwise diverse owners (<see cref="Scheduler.AreDiverse"/>) a task needs before it can be verified.</param>
/// <param name="Why">Why that many, for people (e.g. "quorum 2 of 2").</param>
public sealed record PlacementNeed(string Kernel, TaskTarget Target, int DiverseNodes, string Why)
{
    /// <summary>
    /// The needs of a plan: one per kernel and target of its unpinned tasks (a pinned task runs on the one node its plan
    /// named, which was online when the job was planned). A quorum of k — also adaptive replication, whose nodes earn
    /// trust only by agreeing with k − 1 others — needs k diverse nodes; a method that runs each task once needs one.
    /// </summary>
    /// <param name="plan">The plan.</param>
    /// <returns>The needs, in the order their kernels first appear.</returns>
    public static IReadOnlyList<PlacementNeed> Of(JobPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return Of(plan.Tasks.Where(t => t.PinnedNode is null).Select(t => (t.Kernel, t.Target)), plan.Verification);
    }

    /// <summary>The needs of tasks given by kernel and target under a policy (see <see cref="Of(JobPlan)"/>).</summary>
    /// <param name="tasks">The unpinned tasks' kernels and targets.</param>
    /// <param name="policy">The job's verification policy.</param>
    /// <returns>One need per distinct kernel and target.</returns>
    public static IReadOnlyList<PlacementNeed> Of(IEnumerable<(string Kernel, TaskTarget Target)> tasks, JobVerificationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(policy);
        var (count, why) = policy.Method switch
        {
            VerificationMethod.Quorum => (policy.Quorum, $"quorum {policy.Quorum} of {policy.Replicas}"),
            VerificationMethod.AdaptiveReplication => (policy.Quorum, $"adaptive replication with quorum {policy.Quorum}"),
            _ => (1, "one run per task"),
        };
        return [.. tasks.Distinct().Select(t => new PlacementNeed(t.Kernel, t.Target, Math.Max(1, count), why))];
    }
}
