namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// What the direct proof-of-work check does with a "not found" result, which no digest can prove: the only
/// evidence is the whole range searched again.
/// </summary>
public enum PowNotFoundPolicy
{
    /// <summary>Re-execute the range with the core kernel (costs the coordinator the task's ops): the default, exact.</summary>
    ReExecute = 0,

    /// <summary>Accept and pay without a check; for jobs where a missed nonce only costs a retry of the range.</summary>
    Accept = 1,

    /// <summary>Leave it pending so the job verifies it by replication (quorum on the "not found" output).</summary>
    Replicate = 2,
}
