using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>A request to run a job.</summary>
/// <param name="Spec">What to compute.</param>
/// <param name="Submitter">The submitter's owner id (whose account pays the fee).</param>
/// <param name="Fee">The fee in micro-units, escrowed now, paid out in the epoch the job completes in, refunded if it fails.</param>
/// <param name="JobId">An id chosen by the caller (retries with the same id never run or charge twice), or null for a new one.</param>
public sealed record JobSubmission(JobSpec Spec, string Submitter, long Fee, string? JobId = null);
