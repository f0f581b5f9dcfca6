namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>The outcome of <see cref="JobPlanner.Plan"/>.</summary>
/// <param name="ReasonCode">Ok, or why no plan was made.</param>
/// <param name="Plan">The plan when <see cref="IsSuccess"/>; null otherwise.</param>
/// <param name="Field">The offending spec field when the spec was refused, or null.</param>
/// <param name="Detail">A line for people.</param>
public sealed record JobPlanResult(JobPlanReasonCode ReasonCode, JobPlan? Plan, string? Field, string Detail)
{
    /// <summary>Whether a plan was made.</summary>
    public bool IsSuccess => ReasonCode == JobPlanReasonCode.Ok && Plan is not null;

    /// <summary>A plan.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>The successful outcome.</returns>
    public static JobPlanResult Success(JobPlan plan) => new(JobPlanReasonCode.Ok, plan, null, $"{plan.Tasks.Count} tasks");

    /// <summary>No plan.</summary>
    /// <param name="reasonCode">Why.</param>
    /// <param name="detail">A line for people.</param>
    /// <param name="field">The offending spec field, if any.</param>
    /// <returns>The failed outcome.</returns>
    public static JobPlanResult Fail(JobPlanReasonCode reasonCode, string detail, string? field = null) => new(reasonCode, null, field, detail);
}
