namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>One page of <c>GET /api/jobs</c>, newest first.</summary>
/// <param name="Items">The jobs.</param>
/// <param name="Offset">The offset asked for.</param>
/// <param name="Limit">The limit used.</param>
/// <param name="Next">The offset of the next page, or null when this page was short (the last).</param>
public sealed record JobPage(IReadOnlyList<JobView> Items, int Offset, int Limit, int? Next);
