namespace EdgeCompute.Coordinator.Api.Stats;

/// <summary>The answer of <c>GET /api/stats</c>: totals read from the shared stores (every replica reports the same), plus this process's counters.</summary>
/// <param name="Time">When the totals were read.</param>
/// <param name="ReadingsStored">Readings stored (device frames and gateway windows).</param>
/// <param name="BatchesStored">Gateway batches stored.</param>
/// <param name="DuplicatesDropped">Resent batches and device frames dropped as duplicates.</param>
/// <param name="ConflictsRejected">Batches and frames rejected as conflicts (same key, other content).</param>
/// <param name="ReadingsLost">Readings reported lost in gaps.</param>
/// <param name="Tasks">Task totals.</param>
/// <param name="Jobs">Job totals.</param>
/// <param name="Process">This process's counters.</param>
public sealed record NetworkStats(DateTimeOffset Time, long ReadingsStored, long BatchesStored, long DuplicatesDropped, long ConflictsRejected, long ReadingsLost,
    TaskTotals Tasks, JobTotals Jobs, ProcessCounters Process);
