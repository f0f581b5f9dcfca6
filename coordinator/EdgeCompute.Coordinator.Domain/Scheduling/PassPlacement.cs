namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>The replicas one scheduling pass issues for a task (<see cref="ReplicaPlacement.Place"/>).</summary>
/// <param name="Chosen">The nodes to issue to, best first (their slots are taken from the pool).</param>
/// <param name="Target">How many replicas the pass meant to issue.</param>
/// <param name="First">The scheduler's placement of the first request (its detail explains a shortfall).</param>
public sealed record PassPlacement(IReadOnlyList<NodeCandidate> Chosen, int Target, Placement First);
