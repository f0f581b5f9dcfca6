using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Ids;

namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>
/// Splits a job into tasks (<see cref="IJobKind.Plan"/>) after checking the job id, the spec and, for a data-local
/// kind, the region's gateways. Pure: the same arguments give the same plan.
/// </summary>
public static class JobPlanner
{
    /// <summary>Plans a job.</summary>
    /// <param name="jobId">The job id: <see cref="ProtocolId.Rule"/>, at most <see cref="JobLimits.MaxJobIdLength"/> characters.</param>
    /// <param name="spec">The spec (checked with <see cref="JobSpecValidator"/> first).</param>
    /// <param name="regionGateways">
    /// For a data-local kind (<see cref="IJobKind.Region"/>, a sensor query), the gateways that hold data in its region
    /// (ids, distinct, in the order tasks are numbered); ignored by the other kinds.
    /// </param>
    /// <returns>The plan, or why there is none.</returns>
    public static JobPlanResult Plan(string jobId, JobSpec spec, IReadOnlyList<string> regionGateways)
    {
        ArgumentNullException.ThrowIfNull(regionGateways);
        if (!ProtocolId.IsValid(jobId) || jobId.Length > JobLimits.MaxJobIdLength)
        {
            return JobPlanResult.Fail(
                JobPlanReasonCode.InvalidJobId,
                $"job id \"{jobId}\" must be 1 to {JobLimits.MaxJobIdLength} characters of [a-z0-9-] so that every task id {{job}}-{{index}} matches {ProtocolId.Rule}");
        }

        var check = JobSpecValidator.Validate(spec);
        if (!check.IsValid)
        {
            return JobPlanResult.Fail(JobPlanReasonCode.InvalidSpec, check.Message ?? "invalid spec", check.Field);
        }

        var kind = JobKinds.Of(spec);
        if (kind.Region(spec) is not null && RegionProblem(regionGateways) is { } problem)
        {
            return problem;
        }

        var tasks = kind.Plan(jobId, spec, kind.Region(spec) is null ? [] : regionGateways);
        return JobPlanResult.Success(new JobPlan(jobId, kind.Name, tasks, spec.Verification ?? kind.DefaultVerification));
    }

    /// <summary>The id of task <paramref name="index"/> of job <paramref name="jobId"/>: <c>{job}-{index}</c>.</summary>
    /// <param name="jobId">The job id.</param>
    /// <param name="index">The task index.</param>
    /// <returns>The task id.</returns>
    public static string TaskId(string jobId, int index) => FormattableString.Invariant($"{jobId}-{index}");

    private static JobPlanResult? RegionProblem(IReadOnlyList<string> gateways)
    {
        if (gateways.Count == 0)
        {
            return JobPlanResult.Fail(JobPlanReasonCode.NoGatewaysInRegion, "no gateway holds data in the query's region");
        }

        if (gateways.Count > JobLimits.MaxTasksPerJob)
        {
            return JobPlanResult.Fail(JobPlanReasonCode.InvalidRegionGateways, $"{gateways.Count} region gateways; at most {JobLimits.MaxTasksPerJob} tasks per job");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var gateway in gateways)
        {
            if (!ProtocolId.IsValid(gateway))
            {
                return JobPlanResult.Fail(JobPlanReasonCode.InvalidRegionGateways, $"region gateway id \"{gateway}\" does not match {ProtocolId.Rule}");
            }

            if (!seen.Add(gateway))
            {
                return JobPlanResult.Fail(JobPlanReasonCode.InvalidRegionGateways, $"region gateway \"{gateway}\" is listed twice");
            }
        }

        return null;
    }
}
