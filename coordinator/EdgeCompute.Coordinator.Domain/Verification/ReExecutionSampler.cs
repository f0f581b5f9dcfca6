using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// Sampled re-execution: at <see cref="SamplingRate"/> the coordinator re-runs a result's task itself (core
/// kernels with the devices' code, other kernels through an <see cref="IModuleReExecutor"/>) and compares
/// status, ops and output byte for byte. Unsampled results are accepted as reported.
/// </summary>
public sealed class ReExecutionSampler
{
    private readonly KernelReExecutor _kernels;
    private readonly IModuleReExecutor? _modules;

    /// <summary>Creates a sampler.</summary>
    /// <param name="samplingRate">The share of results re-executed, 0…1.</param>
    /// <param name="kernels">The core kernel re-executor.</param>
    /// <param name="modules">The module re-executor, when there is one.</param>
    public ReExecutionSampler(double samplingRate, KernelReExecutor kernels, IModuleReExecutor? modules = null)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        if (!(samplingRate is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate, "The sampling rate must be 0 to 1.");
        }

        SamplingRate = samplingRate;
        _kernels = kernels;
        _modules = modules;
    }

    /// <summary>The share of results re-executed.</summary>
    public double SamplingRate { get; }

    /// <summary>Draws whether to re-execute, then verifies the result.</summary>
    /// <param name="submitted">The result and its assignment.</param>
    /// <param name="random">The coordinator's random source (seeded in tests). One draw per call.</param>
    /// <returns>The outcome.</returns>
    public VerificationOutcome Verify(SubmittedResult submitted, Random random)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        ArgumentNullException.ThrowIfNull(random);
        var sampled = random.NextDouble() < SamplingRate;
        if (ResultConsistency.Check(submitted) is { } failed)
        {
            return failed;
        }

        return sampled ? ReExecute(submitted) : VerificationOutcome.Valid(submitted, VerificationReasonCode.AcceptedUnsampled);
    }

    /// <summary>Re-executes the result's task and compares.</summary>
    /// <param name="submitted">The result and its assignment.</param>
    /// <returns>Valid when identical, invalid when not, pending when nothing here can run the kernel.</returns>
    public VerificationOutcome ReExecute(SubmittedResult submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        if (ResultConsistency.Check(submitted) is { } failed)
        {
            return failed;
        }

        var assignment = submitted.Assignment;
        TaskResult expected;
        if (KernelReExecutor.CanReExecute(assignment.Kernel))
        {
            expected = _kernels.ReExecute(assignment);
        }
        else if (_modules?.CanReExecute(assignment.Kernel) == true)
        {
            expected = _modules.ReExecute(assignment);
        }
        else
        {
            return VerificationOutcome.Pending(submitted.Key, VerificationReasonCode.NoReExecutor);
        }

        return CanonicalResult.Equal(expected, submitted.Result)
            ? VerificationOutcome.Valid(submitted, VerificationReasonCode.ReExecutionMatched)
            : VerificationOutcome.Invalid(submitted.Key, VerificationReasonCode.ReExecutionMismatch);
    }
}
