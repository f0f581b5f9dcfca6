namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>The answer to <c>DELETE /api/jobs/{id}</c>: the job is cancelled, and how its escrow was closed.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Status">Always <c>cancelled</c>.</param>
/// <param name="VerifiedTasks">Tasks verified before the cancel: their share of the fee is paid to the nodes' fee pool.</param>
/// <param name="TotalTasks">All the job's tasks.</param>
/// <param name="Fee">The escrowed fee, micro-units.</param>
/// <param name="Paid">The share of the fee paid for the verified tasks (<c>fee × verified ÷ total</c>, rounded down).</param>
/// <param name="Refunded">The rest of the fee, returned to the submitter; <c>paid + refunded = fee</c>.</param>
/// <param name="AlreadyCancelled">True when an earlier call cancelled it (this one changed nothing).</param>
public sealed record JobCancelled(string Id, string Status, int VerifiedTasks, int TotalTasks, long Fee, long Paid, long Refunded, bool AlreadyCancelled);
