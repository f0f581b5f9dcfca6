using EdgeCompute.Coordinator.Domain.Jobs;

namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>
/// The shape of <c>POST /api/jobs</c>'s body as the OpenAPI document describes it; <see cref="JobSubmissionBody"/> reads
/// the body itself, strictly (unknown or repeated members refused).
/// </summary>
/// <param name="Spec">The job spec, as <see cref="JobJson"/> reads it: an object with a <c>kind</c>.</param>
/// <param name="MaxPrice">
/// The most the submitter will pay, micro-units; optional (no ceiling). The job's quote — its tasks' whole budgets on as
/// many replicas as its verification can credit, at the published rate, plus its storage (<c>GET /api/pricing</c>) — is
/// escrowed; a quote above <c>maxPrice</c> is a 400 <c>price-over-max</c>. When the job ends it is charged its credited work,
/// failures confirmed as its module's fault, and its storage; the rest is refunded.
/// </param>
/// <param name="Fee">The older name of <c>maxPrice</c>, read as it; give one or the other.</param>
/// <param name="JobId">
/// The job's id (1 to 27 characters of [a-z0-9-]); minted by the coordinator when absent. A client that may retry
/// always sends one: a resubmission with the same id is a 409 <c>duplicate-job</c> that charges nothing again.
/// </param>
public sealed record JobSubmissionRequest(JobSpec Spec, long? MaxPrice, long? Fee, string? JobId);
