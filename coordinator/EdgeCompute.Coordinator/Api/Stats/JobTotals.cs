namespace EdgeCompute.Coordinator.Api.Stats;

/// <summary>Job totals read from the work store.</summary>
/// <param name="Running">Jobs running.</param>
/// <param name="Completed">Jobs completed.</param>
/// <param name="Failed">Jobs failed and refunded.</param>
public sealed record JobTotals(long Running, long Completed, long Failed);
