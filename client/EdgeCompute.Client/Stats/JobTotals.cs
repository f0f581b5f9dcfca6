namespace EdgeCompute.Client.Stats;

/// <summary>Job totals.</summary>
/// <param name="Running">Jobs running.</param>
/// <param name="Completed">Jobs completed.</param>
/// <param name="Failed">Jobs failed and refunded.</param>
public sealed record JobTotals(long Running, long Completed, long Failed);
