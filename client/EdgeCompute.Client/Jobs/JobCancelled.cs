namespace EdgeCompute.Client.Jobs;

/// <summary>A cancelled job and how its escrow was closed (<c>paid + refunded = fee</c>).</summary>
/// <param name="Id">The job id.</param>
/// <param name="Status">Always <c>cancelled</c>.</param>
/// <param name="VerifiedTasks">Tasks verified before the cancel (paid for).</param>
/// <param name="TotalTasks">All the job's tasks.</param>
/// <param name="Fee">The escrowed fee, micro-units.</param>
/// <param name="Paid">The share of the fee paid for the verified tasks.</param>
/// <param name="Refunded">The rest of the fee, returned to the submitter.</param>
/// <param name="AlreadyCancelled">True when an earlier call cancelled it.</param>
public sealed record JobCancelled(string Id, string Status, int VerifiedTasks, int TotalTasks, long Fee, long Paid, long Refunded, bool AlreadyCancelled);
