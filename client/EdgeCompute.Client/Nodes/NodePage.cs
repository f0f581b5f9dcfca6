namespace EdgeCompute.Client.Nodes;

/// <summary>One page of <c>GET /api/nodes</c>.</summary>
/// <param name="Items">The nodes of the page, ordered by id.</param>
/// <param name="Total">How many nodes match the filters.</param>
/// <param name="Offset">The page's start: how many matching nodes come before it.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Next">The offset of the next page; null on the last.</param>
/// <param name="NextAfter">The next page's <see cref="NodeQuery.After"/> (this page's last id); null on the last page or from a server that pages by offset only.</param>
public sealed record NodePage(IReadOnlyList<NodeView> Items, int Total, int Offset, int Limit, int? Next, string? NextAfter = null);
