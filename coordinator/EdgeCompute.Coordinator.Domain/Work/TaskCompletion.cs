namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>Finishes a task together with its verdicts.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Status">Verified or failed.</param>
/// <param name="Output">The verified output (null when failed).</param>
/// <param name="VerifiedMs">When it commits.</param>
public sealed record TaskCompletion(string TaskId, WorkTaskStatus Status, byte[]? Output, long VerifiedMs);
