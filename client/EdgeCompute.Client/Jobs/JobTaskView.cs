namespace EdgeCompute.Client.Jobs;

/// <summary>One task of a job with its results.</summary>
/// <param name="Index">Its index in the job.</param>
/// <param name="Id">The task id.</param>
/// <param name="Status"><c>open</c>, <c>verified</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Attempts">Replica slots issued so far.</param>
/// <param name="Verified">When it was verified or given up.</param>
/// <param name="Results">Its results, oldest first.</param>
public sealed record JobTaskView(int Index, string Id, string Status, int Attempts, DateTimeOffset? Verified, IReadOnlyList<JobTaskResultView> Results);
