namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>What one committed cancel changed: the job and its open tasks are cancelled, its issued assignments closed.</summary>
/// <param name="VerifiedTasks">Tasks verified before the cancel (their share of the fee is paid).</param>
/// <param name="TotalTasks">All the job's tasks.</param>
/// <param name="Closed">The assignments that were still issued and are now closed (their results, if any come, are not paid).</param>
public sealed record JobCancellation(int VerifiedTasks, int TotalTasks, IReadOnlyList<AssignmentKey> Closed);
