namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>Where a job is.</summary>
public enum JobStatus
{
    /// <summary>Accepted and funded; tasks are being issued, run and verified.</summary>
    Running = 1,

    /// <summary>Every task verified and the result merged; the fee went to the fee pool.</summary>
    Completed = 2,

    /// <summary>Given up (a task could not be verified within its attempts); the fee was refunded.</summary>
    Failed = 3,

    /// <summary>Cancelled by its submitter or the operator: the verified part of the fee went to the fee pool, the rest was refunded.</summary>
    Cancelled = 4,
}
