using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>One issued replica of a simulated task: the node, its assignment and, once answered, its result.</summary>
internal sealed class SimReplica(SimNode node, SubmittedResult? answer, bool wrong)
{
    public SimNode Node { get; } = node;

    /// <summary>The node's result, or null when it never answered (withdrawn at its deadline).</summary>
    public SubmittedResult? Answer { get; } = answer;

    /// <summary>Whether the answer is wrong.</summary>
    public bool Wrong { get; } = wrong;
}
