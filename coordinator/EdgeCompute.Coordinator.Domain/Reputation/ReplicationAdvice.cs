namespace EdgeCompute.Coordinator.Domain.Reputation;

/// <summary>
/// How many replicas a node's task needs, from its reputation's lower bound: a node whose lower bound clears
/// <see cref="AloneAbove"/> may run alone (with spot checks), above <see cref="PairAbove"/> it needs one
/// partner, otherwise <see cref="MaxReplicas"/>. Scheduling also orders candidates by the same lower bound.
/// </summary>
/// <param name="AloneAbove">Lower bound at or above which one replica suffices.</param>
/// <param name="PairAbove">Lower bound at or above which two replicas suffice.</param>
/// <param name="MaxReplicas">Replicas for everyone else, at least 3.</param>
public sealed record ReplicationAdvice(double AloneAbove = 0.95, double PairAbove = 0.75, int MaxReplicas = 3)
{
    /// <summary>The replicas a node's task needs.</summary>
    /// <param name="score">The node's score now.</param>
    /// <returns>1, 2 or <see cref="MaxReplicas"/>.</returns>
    public int ReplicasFor(ReputationScore score) =>
        score.LowerBound >= AloneAbove ? 1 : score.LowerBound >= PairAbove ? 2 : Math.Max(3, MaxReplicas);
}
