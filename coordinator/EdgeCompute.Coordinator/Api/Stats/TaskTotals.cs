namespace EdgeCompute.Coordinator.Api.Stats;

/// <summary>Task and result totals read from the work store.</summary>
/// <param name="Issued">Assignments issued (first issues and reissues).</param>
/// <param name="Verified">Tasks verified.</param>
/// <param name="Rejected">Results judged invalid.</param>
/// <param name="Reissued">Assignments withdrawn (overdue or handed back) and issued again.</param>
/// <param name="NotPaid">Results recorded but not paid (late, after a reissue, duplicate slot).</param>
public sealed record TaskTotals(long Issued, long Verified, long Rejected, long Reissued, long NotPaid);
