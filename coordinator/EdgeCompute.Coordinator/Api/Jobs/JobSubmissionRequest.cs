using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>
/// The shape of <c>POST /api/jobs</c>'s body as the OpenAPI document describes it; <see cref="JobSubmissionBody"/> reads
/// the body itself, strictly (unknown or repeated members refused).
/// </summary>
/// <param name="Spec">The job spec, as <see cref="JobJson"/> reads it: an object with a <c>kind</c>.</param>
/// <param name="Fee">The fee in micro-units, escrowed from the submitter's balance.</param>
/// <param name="JobId">
/// The job's id (1 to 27 characters of [a-z0-9-]); minted by the coordinator when absent. A client that may retry
/// always sends one: a resubmission with the same id is a 409 <c>duplicate-job</c> that charges nothing again.
/// </param>
public sealed record JobSubmissionRequest(JobSpec Spec, long Fee, string? JobId);
