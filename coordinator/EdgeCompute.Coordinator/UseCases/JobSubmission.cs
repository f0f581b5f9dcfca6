using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>A request to run a job.</summary>
/// <param name="Spec">What to compute.</param>
/// <param name="Submitter">The submitter's owner id (whose account pays).</param>
/// <param name="MaxPrice">
/// The most the submitter will pay, micro-units, or null for no ceiling: a job whose quote (the most its work and storage
/// can cost, <see cref="Domain.Pricing.JobQuote"/>) is higher is refused. The quote is escrowed; what the job is charged
/// when it ends goes to the epoch's fee pool, the rest back to the submitter.
/// </param>
/// <param name="JobId">An id chosen by the caller (retries with the same id never run or charge twice), or null for a new one.</param>
public sealed record JobSubmission(JobSpec Spec, string Submitter, long? MaxPrice, string? JobId = null);
