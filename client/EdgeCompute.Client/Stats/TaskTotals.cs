namespace EdgeCompute.Client.Stats;

/// <summary>Task totals.</summary>
/// <param name="Issued">Assignments issued.</param>
/// <param name="Verified">Tasks verified.</param>
/// <param name="Rejected">Results judged invalid.</param>
/// <param name="Reissued">Assignments withdrawn and issued again.</param>
/// <param name="NotPaid">Results recorded but not paid.</param>
public sealed record TaskTotals(long Issued, long Verified, long Rejected, long Reissued, long NotPaid);
