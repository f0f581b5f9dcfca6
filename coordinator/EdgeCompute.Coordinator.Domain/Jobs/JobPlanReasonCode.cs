namespace EdgeCompute.Coordinator.Domain.Jobs;

/// <summary>Why <see cref="JobPlanner.Plan"/> did or did not produce a plan.</summary>
public enum JobPlanReasonCode
{
    /// <summary>Planned.</summary>
    Ok = 0,

    /// <summary>The job id breaks the id rules or is too long for its task ids (<see cref="JobLimits.MaxJobIdLength"/>).</summary>
    InvalidJobId,

    /// <summary>The spec failed <see cref="JobSpecValidator"/>.</summary>
    InvalidSpec,

    /// <summary>A sensor query found no gateway holding data in its region.</summary>
    NoGatewaysInRegion,

    /// <summary>A region gateway id breaks the id rules, is repeated, or there are more than <see cref="JobLimits.MaxTasksPerJob"/>.</summary>
    InvalidRegionGateways,
}
