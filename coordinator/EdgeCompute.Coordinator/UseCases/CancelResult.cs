namespace EdgeCompute.Coordinator.UseCases;

/// <summary>The outcome of a cancel.</summary>
/// <param name="Reason">The reason code.</param>
/// <param name="JobId">The job id.</param>
/// <param name="VerifiedTasks">Tasks verified before the cancel (paid for).</param>
/// <param name="TotalTasks">All the job's tasks.</param>
/// <param name="Paid">What the job is charged (the work credited before the cancel and its storage; a flat fee's verified share), micro-units.</param>
/// <param name="Refunded">The rest of the escrow, returned to the submitter, micro-units.</param>
/// <param name="Detail">A line for people.</param>
public sealed record CancelResult(CancelReason Reason, string JobId, int VerifiedTasks, int TotalTasks, long Paid, long Refunded, string Detail)
{
    /// <summary>True when the job is cancelled now (by this call or before it).</summary>
    public bool IsCancelled => Reason is CancelReason.Cancelled or CancelReason.AlreadyCancelled;
}
