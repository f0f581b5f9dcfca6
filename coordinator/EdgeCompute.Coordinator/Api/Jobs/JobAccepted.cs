namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>The answer of an accepted <c>POST /api/jobs</c>.</summary>
/// <param name="JobId">The job id (the one given, or a new one).</param>
/// <param name="Status">Always <c>running</c>.</param>
/// <param name="Detail">How it was split and verified.</param>
public sealed record JobAccepted(string JobId, string Status, string Detail);
