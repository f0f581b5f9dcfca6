using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Fleet;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Nodes;

/// <summary>
/// <c>GET /api/nodes?gateway=&amp;owner=&amp;online=true|false&amp;kind=device|gateway&amp;offset=0&amp;limit=100</c> (public; a
/// token shows more): the nodes the directory knows, filtered and paged, with owner, capacity, reputation and the
/// results judged. Locations follow <see cref="NodeLocation"/>.
/// </summary>
public static class NodesEndpoints
{
    /// <summary>The page size when none is asked for.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapNodesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/nodes", List).WithName("ListNodes").WithSummary("The nodes the directory knows, filtered and paged")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return endpoints;
    }

    /// <summary>Lists one page of the matching nodes, ordered by id.</summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">Identifies the caller.</param>
    /// <param name="gateway">Only the gateway with this id and the devices reached through it.</param>
    /// <param name="owner">Only nodes of this owner.</param>
    /// <param name="online"><c>true</c> or <c>false</c>: only online or offline nodes.</param>
    /// <param name="kind"><c>device</c> or <c>gateway</c>.</param>
    /// <param name="offset">The page's start.</param>
    /// <param name="limit">The page size, 1–1,000 (default 100).</param>
    /// <param name="cancellationToken">Cancels the store reads.</param>
    /// <returns>200 with the page, 400 for a bad parameter.</returns>
    public static async Task<Results<Ok<NodePage>, ProblemHttpResult>> List(HttpContext context, CoordinatorApiServices api, ApiTokenAuthenticator auth,
        string? gateway, string? owner, string? online, string? kind, string? offset, string? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        if (ApiQuery.Int("offset", offset, 0, 0, int.MaxValue, out var skip) is { } badOffset)
        {
            return badOffset;
        }

        if (ApiQuery.Int("limit", limit, DefaultLimit, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        if (online is not (null or "" or "true" or "false"))
        {
            return ApiProblems.BadRequest("online", $"online must be true or false, got \"{ApiQuery.Clip(online)}\"");
        }

        if (kind is not (null or "" or "device" or "gateway"))
        {
            return ApiProblems.BadRequest("kind", $"kind must be device or gateway, got \"{ApiQuery.Clip(kind)}\"");
        }

        bool? onlineFilter = string.IsNullOrEmpty(online) ? null : online == "true";
        bool? gatewayFilter = string.IsNullOrEmpty(kind) ? null : kind == "gateway";
        var caller = auth.Identify(context.Request);
        var matching = api.Nodes.Snapshot()
            .Select(n => (Node: n, Owner: api.Registry.OwnerOf(n.NodeId, n.IsGateway)))
            .Where(x => (string.IsNullOrEmpty(gateway) || x.Node.GatewayId == gateway)
                && (string.IsNullOrEmpty(owner) || x.Owner == owner)
                && (onlineFilter is null || x.Node.Online == onlineFilter)
                && (gatewayFilter is null || x.Node.IsGateway == gatewayFilter))
            .ToList();
        var page = matching.Skip(skip).Take(take).ToList();

        var verdicts = page.Count == 0
            ? []
            : (await api.WorkStore.ReadNodeVerdictCountsAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.NodeId, StringComparer.Ordinal);
        var reused = page.Any(x => !x.Node.IsGateway) && api.Telemetry is IBootReuseReader reader
            ? (await reader.ReadBootReuseAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.DeviceId, StringComparer.Ordinal)
            : [];
        var quality = page.Any(x => !x.Node.IsGateway) && api.Quality is { } qualityReader
            ? (await qualityReader.ReadLatestDeviceQualityAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(q => q.DeviceId, StringComparer.Ordinal)
            : [];
        var items = page.Select(x => ViewOf(api, caller, x.Node, x.Owner, verdicts, reused, quality)).ToList();
        int? next = (long)skip + take < matching.Count ? skip + take : null;
        return TypedResults.Ok(new NodePage(items, matching.Count, skip, take, next));
    }

    private static NodeView ViewOf(CoordinatorApiServices api, ApiCaller caller, NodeInfo node, string? owner, Dictionary<string, NodeVerdictCounts> verdicts,
        Dictionary<string, DeviceBootReuse> reused, Dictionary<string, DeviceQualityRecord> quality)
    {
        var reputation = api.Work.Reputation(node.NodeId);
        var exact = NodeLocation.IsExactFor(caller, owner);
        var judged = verdicts.GetValueOrDefault(node.NodeId);
        return new NodeView(node.NodeId, node.IsGateway ? "gateway" : "device", owner, node.GatewayId, node.Online, node.LastSeen,
            [.. node.Kernels.Order(StringComparer.Ordinal)], node.Capacity, api.Work.Outstanding(node.NodeId),
            new NodeReputationView(reputation.Mean, reputation.LowerBound, reputation.Evidence), api.Work.Trust(node.NodeId).IsTrusted,
            NodeLocation.Shown(node.Geohash, exact), exact, judged?.Verified ?? 0, judged?.Rejected ?? 0,
            node.IsGateway ? NodeGatewayStatusView.Of(api.Nodes.GatewayStatusOf(node.NodeId)) : null,
            quality.TryGetValue(node.NodeId, out var q) ? new NodeQualityView(q.EpochId, q.Score, q.FailedChecks) : null,
            node.IsGateway ? null : ReuseOf(reused, node.NodeId));
    }

    private static NodeBootReuseView ReuseOf(Dictionary<string, DeviceBootReuse> reused, string deviceId) =>
        reused.TryGetValue(deviceId, out var r)
            ? new NodeBootReuseView(r.Boots, r.FramesRefused, r.LastBoot, DateTimeOffset.FromUnixTimeMilliseconds(r.LastSeenMs))
            : new NodeBootReuseView(0, 0, 0, null);
}
