namespace EdgeCompute.Coordinator.Api.Nodes;

/// <summary>One page of <c>GET /api/nodes</c>.</summary>
/// <param name="Items">The nodes of the page, ordered by id.</param>
/// <param name="Total">How many nodes match the filters.</param>
/// <param name="Offset">The page's start: how many matching nodes come before it.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Next">The offset of the next page; null on the last.</param>
/// <param name="NextAfter">The next page's <c>after</c> (this page's last id), which stays right when nodes join meanwhile; null on the last page.</param>
public sealed record NodePage(IReadOnlyList<NodeView> Items, int Total, int Offset, int Limit, int? Next, string? NextAfter);
