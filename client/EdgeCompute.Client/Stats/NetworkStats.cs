namespace EdgeCompute.Client.Stats;

/// <summary>The network totals of <c>GET /api/stats</c>, read from the coordinator's stores.</summary>
/// <param name="Time">When the totals were read.</param>
/// <param name="ReadingsStored">Readings stored.</param>
/// <param name="BatchesStored">Gateway batches stored.</param>
/// <param name="DuplicatesDropped">Resent batches and frames dropped as duplicates.</param>
/// <param name="ConflictsRejected">Batches and frames rejected as conflicts.</param>
/// <param name="ReadingsLost">Readings reported lost in gaps.</param>
/// <param name="Tasks">Task totals.</param>
/// <param name="Jobs">Job totals.</param>
/// <param name="Process">The answering process's own counters.</param>
public sealed record NetworkStats(DateTimeOffset Time, long ReadingsStored, long BatchesStored, long DuplicatesDropped, long ConflictsRejected, long ReadingsLost,
    TaskTotals Tasks, JobTotals Jobs, ProcessCounters Process);
