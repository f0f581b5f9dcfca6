namespace EdgeCompute.Client.Jobs;

/// <summary>The answer to a submitted job.</summary>
/// <param name="JobId">The job id.</param>
/// <param name="Status">The job's status (<c>running</c> when just accepted).</param>
/// <param name="Detail">How it was split and verified, and its quote.</param>
/// <param name="Escrowed">The quote escrowed, micro-units: the most the job can cost.</param>
public sealed record JobAccepted(string JobId, string Status, string Detail, long Escrowed = 0);
