namespace EdgeCompute.Client.Nodes;

/// <summary>Filters and paging of <c>GET /api/nodes</c>; null leaves a parameter out (the server's default).</summary>
/// <param name="Gateway">Only the gateway with this id and the devices reached through it.</param>
/// <param name="Owner">Only nodes of this owner.</param>
/// <param name="Online">Only online (true) or offline (false) nodes.</param>
/// <param name="Kind"><c>device</c> or <c>gateway</c>.</param>
/// <param name="Offset">Where the page starts.</param>
/// <param name="Limit">The page size (1–1,000; the server's default is 100).</param>
/// <param name="After">Start after this node id (the previous page's <see cref="NodePage.NextAfter"/>); not with <paramref name="Offset"/>.</param>
public sealed record NodeQuery(string? Gateway = null, string? Owner = null, bool? Online = null, string? Kind = null, int? Offset = null, int? Limit = null,
    string? After = null);
