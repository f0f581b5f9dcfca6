namespace EdgeCompute.Coordinator.Api.Jobs.Tasks;

/// <summary>One task of a job with every result its nodes returned.</summary>
/// <param name="Index">Its index in the job (inputs and outputs keep this order).</param>
/// <param name="Id">The task id.</param>
/// <param name="Status"><c>open</c>, <c>verified</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Attempts">Replica slots issued for it so far.</param>
/// <param name="Verified">When it was verified or given up; null while open.</param>
/// <param name="Results">Its results, oldest first.</param>
public sealed record JobTaskView(int Index, string Id, string Status, int Attempts, DateTimeOffset? Verified, IReadOnlyList<JobTaskResultView> Results);
