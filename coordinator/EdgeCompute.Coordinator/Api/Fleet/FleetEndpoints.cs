using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Api.Nodes;
using EdgeCompute.Coordinator.Tasking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Fleet;

/// <summary>
/// <c>GET /api/fleet?gateway=&amp;online=true|false&amp;q=&amp;offset=0&amp;limit=50</c> (public; a token shows more): the dashboard's
/// fleet view, aggregated on the server so that a page stays small with 10,000 nodes. Locations are public only to five
/// geohash characters (about 5 km); a node's owner and the operator see the exact cell.
/// </summary>
public static class FleetEndpoints
{
    /// <summary>The public precision of a location, in geohash characters (<see cref="NodeLocation.PublicLength"/>).</summary>
    public const int PublicGeohashLength = NodeLocation.PublicLength;

    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapFleetEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/fleet", Show).WithName("ShowFleet").WithSummary("Fleet totals, gateways, map cells and one page of nodes (exact locations for their owner and the operator)")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    /// <summary>Builds the fleet view for the caller.</summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">Identifies the caller.</param>
    /// <param name="gateway">Only nodes reached through this gateway.</param>
    /// <param name="online"><c>true</c> or <c>false</c>: only online or offline nodes.</param>
    /// <param name="q">Only nodes whose id or owner contains this text (ordinal, ignoring case).</param>
    /// <param name="offset">The page's start.</param>
    /// <param name="limit">The page size, 1–500 (default 50).</param>
    /// <returns>200 with the view, 400 for a bad parameter.</returns>
    public static Results<Ok<FleetView>, ProblemHttpResult> Show(HttpContext context, CoordinatorApiServices api, ApiTokenAuthenticator auth, string? gateway,
        string? online, string? q, string? offset, string? limit)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        ArgumentNullException.ThrowIfNull(context);
        if (ApiQuery.Int("offset", offset, 0, 0, int.MaxValue, out var skip) is { } badOffset)
        {
            return badOffset;
        }

        if (ApiQuery.Int("limit", limit, 50, 1, 500, out var take) is { } badLimit)
        {
            return badLimit;
        }

        if (online is not (null or "" or "true" or "false"))
        {
            return ApiProblems.BadRequest("online", "online must be true or false");
        }

        bool? onlineFilter = string.IsNullOrEmpty(online) ? null : online == "true";

        var caller = auth.Identify(context.Request);
        var nodes = api.Nodes.Snapshot();
        var owners = nodes.ToDictionary(n => n.NodeId, n => api.Registry.OwnerOf(n.NodeId, n.IsGateway), StringComparer.Ordinal);
        var devicesOf = nodes.Where(n => !n.IsGateway).ToLookup(n => n.GatewayId, StringComparer.Ordinal);
        var gateways = nodes.Where(n => n.IsGateway).OrderBy(n => n.NodeId, StringComparer.Ordinal)
            .Select(g => new FleetGatewayView(g.NodeId, owners[g.NodeId], g.Online, devicesOf[g.NodeId].Count(), devicesOf[g.NodeId].Count(n => n.Online),
                NodeGatewayStatusView.Of(api.Nodes.GatewayStatusOf(g.NodeId)))).ToList();
        var cells = nodes.Where(n => !string.IsNullOrEmpty(n.Geohash))
            .GroupBy(n => NodeLocation.Shown(n.Geohash, exact: false), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new FleetCellView(g.Key, g.Count(), g.Count(n => n.Online))).ToList();
        var matching = nodes.Where(n => (string.IsNullOrEmpty(gateway) || n.GatewayId == gateway)
                && (onlineFilter is null || n.Online == onlineFilter)
                && (string.IsNullOrEmpty(q) || n.NodeId.Contains(q, StringComparison.OrdinalIgnoreCase) || (owners[n.NodeId]?.Contains(q, StringComparison.OrdinalIgnoreCase) ?? false)))
            .OrderBy(n => n.NodeId, StringComparer.Ordinal).ToList();
        var page = matching.Skip(skip).Take(take).Select(n =>
        {
            var owner = owners[n.NodeId];
            var exact = NodeLocation.IsExactFor(caller, owner);
            return new FleetNodeView(n.NodeId, n.IsGateway ? "gateway" : "device", owner, n.GatewayId, n.Online, n.LastSeen, n.Capacity, api.Work.Outstanding(n.NodeId),
                api.Work.Standings.Reputation(n.NodeId).Mean, NodeLocation.Shown(n.Geohash, exact), exact);
        }).ToList();
        int? next = (long)skip + take < matching.Count ? skip + take : null;
        return TypedResults.Ok(new FleetView(nodes.Count, nodes.Count(n => n.Online), gateways, cells, matching.Count, page, skip, take, next));
    }
}
