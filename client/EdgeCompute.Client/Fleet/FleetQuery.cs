namespace EdgeCompute.Client.Fleet;

/// <summary>Filters and paging of <c>GET /api/fleet</c>; null leaves a parameter out (the server's default).</summary>
/// <param name="Gateway">Only nodes reached through this gateway.</param>
/// <param name="Online">Only online (true) or offline (false) nodes.</param>
/// <param name="Search">Only nodes whose id or owner contains this text.</param>
/// <param name="Offset">Where the page starts.</param>
/// <param name="Limit">The page size.</param>
public sealed record FleetQuery(string? Gateway = null, bool? Online = null, string? Search = null, int? Offset = null, int? Limit = null);
