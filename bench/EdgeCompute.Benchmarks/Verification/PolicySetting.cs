using System.Globalization;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>
/// The verification settings one run uses. <see cref="Method"/>, <see cref="Replicas"/> and the quorum go into the job's
/// <see cref="JobVerificationPolicy"/>; <see cref="TrustAfter"/> and <see cref="SpotCheckRate"/> into the
/// <see cref="AdaptiveReplication"/> (the work use cases take these from <see cref="WorkOptions"/>, not from the job);
/// <see cref="AuditRate"/> is the share of decided tasks the coordinator re-executes itself (sampled re-execution on
/// top of the method; the engine does not do this yet for replicated jobs, so the harness models it).
/// </summary>
/// <param name="Method">The job's verification method.</param>
/// <param name="Replicas">Replicas of a replicated task (the quorum is 2, or 1 for a single replica).</param>
/// <param name="TrustAfter">Checked valid results in a row before a node runs tasks alone.</param>
/// <param name="SpotCheckRate">Share of a trusted node's tasks replicated anyway.</param>
/// <param name="AuditRate">Share of decided tasks the coordinator re-executes (1 replica equivalent each).</param>
internal sealed record PolicySetting(VerificationMethod Method, int Replicas, int TrustAfter, double SpotCheckRate, double AuditRate)
{
    /// <summary>The quorum k of a replicated task.</summary>
    public int Quorum => Math.Min(2, Replicas);

    /// <summary>Today's kernel default: the <c>primes</c> job kind's policy with the work options' trust settings.</summary>
    public static PolicySetting CurrentKernel()
    {
        var policy = new PrimesJobKind().DefaultVerification;
        var engine = new WorkOptions();
        return new(policy.Method, policy.Replicas, engine.TrustAfter, engine.SpotCheckRate, 0);
    }

    /// <summary>Today's WebAssembly default: the <c>wasm-map</c> job kind's policy (no re-execution of agreed results).</summary>
    public static PolicySetting CurrentWasm()
    {
        var policy = new WasmMapJobKind().DefaultVerification;
        var engine = new WorkOptions();
        return new(policy.Method, policy.Replicas, engine.TrustAfter, engine.SpotCheckRate, 0);
    }

    /// <summary>The job policy the domain's verifiers are built from.</summary>
    public JobVerificationPolicy ToJobPolicy() =>
        new(Method, Quorum, Replicas, TrustAfter, SpotCheckRate, AuditRate);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Method} {Quorum}-of-{Replicas}, trustAfter {TrustAfter}, spotCheck {SpotCheckRate:0.###}, reexec {AuditRate:0.###}");
}
