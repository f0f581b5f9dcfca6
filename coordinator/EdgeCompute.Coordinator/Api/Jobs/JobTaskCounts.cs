namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>A job's tasks by status.</summary>
/// <param name="Total">Every task.</param>
/// <param name="Open">Waiting to be issued, run or verified.</param>
/// <param name="Verified">Verified.</param>
/// <param name="Failed">Given up.</param>
/// <param name="Cancelled">Still open when the job was cancelled.</param>
public sealed record JobTaskCounts(int Total, int Open, int Verified, int Failed, int Cancelled);
