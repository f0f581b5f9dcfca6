using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The verification each job kind gets when its spec names none.</summary>
public static class JobVerificationDefaults
{
    /// <summary>
    /// The default policy of <paramref name="kind"/>:
    /// <list type="bullet">
    /// <item><c>pow</c>: <see cref="VerificationMethod.DirectPow"/>, one replica: a found nonce costs one hash to check.</item>
    /// <item><c>montecarlo-pi</c>: <see cref="VerificationMethod.Quorum"/> 2 of 2. A forged count looks like an honest one
    /// (any value near π/4 · samples is plausible) and it biases the merged estimate silently, so every chunk is
    /// run twice on different owners; the kernel is cheap, so doubling it is affordable.</item>
    /// <item><c>primes</c>: <see cref="VerificationMethod.AdaptiveReplication"/> (2 of 2 while untrusted, trusted after 10
    /// checked results, 10 % spot checks).</item>
    /// <item><c>wasm-map</c>: <see cref="VerificationMethod.Quorum"/> 2 of 2 (modules are deterministic, docs/wasm-abi.md).</item>
    /// <item><c>sensor-query</c>: <see cref="VerificationMethod.SampledReExecution"/> at rate 0, one replica. The task is
    /// data-local: only its gateway holds those windows, so it cannot be replicated elsewhere; the answer is accepted
    /// on the gateway's batch signature (the same trust its telemetry already gets).</item>
    /// </list>
    /// </summary>
    /// <param name="kind">The job kind.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined kind.</exception>
    public static JobVerificationPolicy For(JobKind kind) => kind switch
    {
        JobKind.Pow => new(VerificationMethod.DirectPow, Quorum: 1, Replicas: 1),
        JobKind.MonteCarloPi => new(VerificationMethod.Quorum, Quorum: 2, Replicas: 2),
        JobKind.Primes => new(VerificationMethod.AdaptiveReplication, Quorum: 2, Replicas: 2, TrustAfter: 10, SpotCheckRate: 0.1),
        JobKind.WasmMap => new(VerificationMethod.Quorum, Quorum: 2, Replicas: 2),
        JobKind.SensorQuery => new(VerificationMethod.SampledReExecution, Quorum: 1, Replicas: 1, SamplingRate: 0),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a job kind."),
    };
}
