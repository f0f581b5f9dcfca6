using System.Text.Json;

namespace EdgeCompute.Client.Jobs;

/// <summary>A job to submit.</summary>
/// <param name="Spec">The job spec: a JSON object with a <c>kind</c> (its members as the API's <c>JobSpec</c> schema says).</param>
/// <param name="MaxPrice">
/// The most the token's owner will pay, micro-units, or null for no ceiling. The job's quote (the most its work and storage
/// can cost at <c>GET /api/pricing</c>'s prices) is escrowed; a quote above this is refused (400 <c>price-over-max</c>).
/// When the job ends it is charged what its verified work and storage cost and refunded the rest.
/// </param>
/// <param name="JobId">
/// The job's id (1 to 27 characters of [a-z0-9-]); when null the client mints one (<see cref="JobIds.Mint"/>) before the
/// first attempt, so a retry of the same submission can never be charged twice.
/// </param>
public sealed record JobSubmission(JsonElement Spec, long? MaxPrice = null, string? JobId = null);
