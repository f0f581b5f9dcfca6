namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>The nodes chosen for a task's new replicas, best first, and why there are fewer than wanted.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Chosen">The nodes chosen (their slots are already taken from the pool).</param>
/// <param name="Wanted">New replicas that were wanted.</param>
/// <param name="ReasonCode"><see cref="PlacementReasonCode.Ok"/> when all were placed, else the binding constraint.</param>
/// <param name="Detail">A line for people with the counts behind the reason.</param>
public sealed record Placement(string TaskId, IReadOnlyList<NodeCandidate> Chosen, int Wanted, PlacementReasonCode ReasonCode, string Detail)
{
    /// <summary>Whether every wanted replica was placed.</summary>
    public bool IsComplete => ReasonCode == PlacementReasonCode.Ok;
}
