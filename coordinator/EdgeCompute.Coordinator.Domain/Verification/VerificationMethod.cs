namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>How a job's results are verified (chosen per job).</summary>
public enum VerificationMethod
{
    /// <summary>Replicate every task and take a k-of-n quorum (<see cref="QuorumVerifier"/>).</summary>
    Quorum = 0,

    /// <summary>Replicate for untrusted nodes, run trusted nodes alone with spot checks (<see cref="AdaptiveReplication"/>).</summary>
    AdaptiveReplication = 1,

    /// <summary>Check each proof of work directly (<see cref="PowDirectCheck"/>); <c>pow.sha256</c> only.</summary>
    DirectPow = 2,

    /// <summary>Run every task once and re-execute a sample on the coordinator (<see cref="ReExecutionSampler"/>).</summary>
    SampledReExecution = 3,
}
