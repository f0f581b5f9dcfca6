using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>
/// Says whether a <see cref="JobSpec"/> can run, and if not which field is wrong and why: the kind's own fields
/// (<see cref="IJobKind.Check"/>), the task count limit, then the verification policy (shared rules and the kind's).
/// Never throws for a bad spec (specs come from submitters); a null spec or null fields are reported like any other mistake.
/// </summary>
public static class JobSpecValidator
{
    /// <summary>Checks a spec and its verification policy.</summary>
    /// <param name="spec">The spec.</param>
    /// <returns><see cref="JobSpecCheck.Ok"/>, or the first problem found.</returns>
    public static JobSpecCheck Validate(JobSpec? spec)
    {
        if (spec is null)
        {
            return JobSpecCheck.Fail("kind", "the job spec is missing");
        }

        if (!JobKinds.TryFind(spec.Kind, out var kind) || kind.SpecType != spec.GetType())
        {
            return JobSpecCheck.Fail("kind", $"{spec.GetType().Name} is not a job kind this coordinator runs");
        }

        var check = kind.Check(spec);
        if (!check.IsValid)
        {
            return check;
        }

        if (kind.TaskCount(spec) is { } count && count > JobLimits.MaxTasksPerJob)
        {
            return JobSpecCheck.Fail(kind.TaskCountField, $"the job makes {count} tasks; at most {JobLimits.MaxTasksPerJob} per job (use larger chunks)");
        }

        if (spec.DeadlineSeconds is { } deadline and (< JobLimits.MinDeadlineSeconds or > JobLimits.MaxDeadlineSeconds))
        {
            return JobSpecCheck.Fail("deadlineSeconds", $"deadlineSeconds must be {JobLimits.MinDeadlineSeconds} to {JobLimits.MaxDeadlineSeconds} (7 days), found {deadline}");
        }

        return spec.Verification is null ? JobSpecCheck.Ok : CheckVerification(spec.Verification, kind);
    }

    private static JobSpecCheck CheckVerification(JobVerificationPolicy policy, IJobKind kind)
    {
        const string Field = "verification";
        if (!Enum.IsDefined(policy.Method))
        {
            return JobSpecCheck.Fail($"{Field}.method", $"unknown verification method {(int)policy.Method}");
        }

        var allowed = kind.CheckVerification(policy);
        if (!allowed.IsValid)
        {
            return allowed;
        }

        if (policy.Method is VerificationMethod.Quorum or VerificationMethod.AdaptiveReplication)
        {
            if (policy.Quorum < 1)
            {
                return JobSpecCheck.Fail($"{Field}.quorum", $"quorum must be at least 1, found {policy.Quorum}");
            }

            if (policy.Replicas < policy.Quorum || policy.Replicas > JobLimits.MaxReplicas)
            {
                return JobSpecCheck.Fail($"{Field}.replicas", $"replicas must be quorum ({policy.Quorum}) to {JobLimits.MaxReplicas}, found {policy.Replicas}");
            }
        }

        return policy.TrustAfter < 1 ? JobSpecCheck.Fail($"{Field}.trustAfter", $"trustAfter must be at least 1, found {policy.TrustAfter}")
            : !(policy.SpotCheckRate is >= 0 and <= 1) ? JobSpecCheck.Fail($"{Field}.spotCheckRate", $"spotCheckRate must be 0 to 1, found {policy.SpotCheckRate}")
            : !(policy.SamplingRate is >= 0 and <= 1) ? JobSpecCheck.Fail($"{Field}.samplingRate", $"samplingRate must be 0 to 1, found {policy.SamplingRate}")
            : !Enum.IsDefined(policy.PowNotFound) ? JobSpecCheck.Fail($"{Field}.powNotFound", $"unknown powNotFound policy {(int)policy.PowNotFound}")
            : JobSpecCheck.Ok;
    }
}
