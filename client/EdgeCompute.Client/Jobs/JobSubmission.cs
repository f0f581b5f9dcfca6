using System.Text.Json;

namespace EdgeCompute.Client.Jobs;

/// <summary>A job to submit.</summary>
/// <param name="Spec">The job spec: a JSON object with a <c>kind</c> (its members as the API's <c>JobSpec</c> schema says).</param>
/// <param name="Fee">The fee in micro-units, escrowed from the token owner's balance.</param>
/// <param name="JobId">
/// The job's id (1 to 27 characters of [a-z0-9-]); when null the client mints one (<see cref="JobIds.Mint"/>) before the
/// first attempt, so a retry of the same submission can never be charged twice.
/// </param>
public sealed record JobSubmission(JsonElement Spec, long Fee, string? JobId = null);
