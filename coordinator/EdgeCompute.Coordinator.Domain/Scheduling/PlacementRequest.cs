namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>A request to place replicas of one task.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Kernel">The kernel the node must run.</param>
/// <param name="Replicas">Live replicas wanted in all; <c>Replicas − Existing.Count</c> new ones are placed.</param>
/// <param name="Existing">Replicas already live for this task (they constrain diversity and are never chosen again).</param>
/// <param name="ExcludedNodes">Nodes that must not get it (e.g. nodes that already answered or timed out on it).</param>
/// <param name="PinnedNode">The only node that may run it, or null.</param>
public sealed record PlacementRequest(
    string TaskId,
    string Kernel,
    int Replicas,
    IReadOnlyList<ReplicaHolder> Existing,
    IReadOnlySet<string> ExcludedNodes,
    string? PinnedNode);
