namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>A job's verification settings: the method and the parameters it uses (the others are ignored).</summary>
/// <param name="Method">The method.</param>
/// <param name="Quorum">k for <see cref="VerificationMethod.Quorum"/>, and for the replicated tasks of adaptive replication.</param>
/// <param name="Replicas">n, the replicas issued at first.</param>
/// <param name="TrustAfter">Checked valid results in a row before a node is trusted (adaptive replication).</param>
/// <param name="SpotCheckRate">Share of a trusted node's tasks checked anyway (adaptive replication).</param>
/// <param name="SamplingRate">Share of results re-executed (sampled re-execution; also the audit rate of agreed quorum outputs).</param>
/// <param name="PowNotFound">What the direct check does with "not found".</param>
public sealed record JobVerificationPolicy(
    VerificationMethod Method,
    int Quorum = 2,
    int Replicas = 3,
    int TrustAfter = 10,
    double SpotCheckRate = 0.1,
    double SamplingRate = 0.05,
    PowNotFoundPolicy PowNotFound = PowNotFoundPolicy.ReExecute)
{
    /// <summary>Builds the quorum verifier for this job.</summary>
    /// <returns>A k-of-n verifier.</returns>
    public QuorumVerifier CreateQuorumVerifier() => new(Quorum, Replicas);

    /// <summary>Builds the re-execution sampler for this job.</summary>
    /// <param name="kernels">The core kernel re-executor.</param>
    /// <param name="modules">The module re-executor, when there is one.</param>
    /// <returns>A sampler at <see cref="SamplingRate"/>.</returns>
    public ReExecutionSampler CreateSampler(KernelReExecutor kernels, IModuleReExecutor? modules = null) => new(SamplingRate, kernels, modules);

    /// <summary>Builds the direct proof-of-work check for this job.</summary>
    /// <param name="kernels">The core kernel re-executor.</param>
    /// <returns>The check with <see cref="PowNotFound"/>.</returns>
    public PowDirectCheck CreatePowCheck(KernelReExecutor kernels) => new(PowNotFound, kernels);
}
