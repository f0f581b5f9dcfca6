namespace EdgeCompute.Client.Jobs;

/// <summary>One page of a job's tasks.</summary>
/// <param name="Items">The tasks, by index.</param>
/// <param name="Total">Tasks matching the filter.</param>
/// <param name="Offset">Tasks skipped.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Next">The next page's offset, or null.</param>
public sealed record JobTaskPage(IReadOnlyList<JobTaskView> Items, int Total, int Offset, int Limit, int? Next);
