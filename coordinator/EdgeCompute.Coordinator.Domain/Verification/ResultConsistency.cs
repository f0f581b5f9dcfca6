using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// Checks every policy makes before its own: the result names the assignment's kernel, ran to completion,
/// stayed within the op budget and carries the kernel's output shape.
/// </summary>
public static class ResultConsistency
{
    /// <summary>Returns the outcome of a result that fails the common checks, or null when it passes.</summary>
    /// <param name="submitted">The result and its assignment.</param>
    /// <returns>Invalid or not payable with the reason, or null.</returns>
    public static VerificationOutcome? Check(SubmittedResult submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        var (assignment, result, key) = (submitted.Assignment, submitted.Result, submitted.Key);
        if (!string.Equals(result.Kernel, assignment.Kernel, StringComparison.Ordinal))
        {
            return VerificationOutcome.Invalid(key, VerificationReasonCode.KernelMismatch);
        }

        if (result.Ops > assignment.OpBudget)
        {
            return VerificationOutcome.Invalid(key, VerificationReasonCode.OpsOverBudget);
        }

        // An unfinished run is no work to pay for, and not proof of cheating either.
        if (result.Status != TaskResultStatus.Ok)
        {
            return VerificationOutcome.NotPayable(key, VerificationReasonCode.KernelNotCompleted);
        }

        return OutputFits(assignment.Parameters, result.Output)
            ? null
            : VerificationOutcome.Invalid(key, VerificationReasonCode.OutputDoesNotMatchKernel);
    }

    private static bool OutputFits(KernelParameters parameters, KernelOutput? output) => (parameters, output) switch
    {
        (PowSha256Parameters, PowSha256Output) => true,
        (MonteCarloPiParameters, MonteCarloPiOutput) => true,
        (PrimesCountParameters, PrimesCountOutput) => true,
        (StatsWindowParameters, StatsWindowOutput) => true,
        (OpaqueKernelParameters, OpaqueKernelOutput) => true,
        (WasmParameters, OpaqueKernelOutput) => true,
        (WasmBlobParameters, OpaqueKernelOutput) => true,
        _ => false,
    };
}
