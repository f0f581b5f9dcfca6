namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>The answer of an accepted <c>POST /api/jobs</c>.</summary>
/// <param name="JobId">The job id (the one given, or a new one).</param>
/// <param name="Status">Always <c>running</c>.</param>
/// <param name="Detail">How it was split and verified, and its quote.</param>
/// <param name="Escrowed">The quote escrowed from the submitter, micro-units: the most the job can cost.</param>
public sealed record JobAccepted(string JobId, string Status, string Detail, long Escrowed);
