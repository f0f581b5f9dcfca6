namespace EdgeCompute.Client.Jobs;

/// <summary>A page of jobs, newest first.</summary>
/// <param name="Items">The jobs.</param>
/// <param name="Offset">The offset asked for.</param>
/// <param name="Limit">The limit used.</param>
/// <param name="Next">The next page's offset, or null on the last page.</param>
public sealed record JobPage(IReadOnlyList<JobView> Items, int Offset, int Limit, int? Next);
