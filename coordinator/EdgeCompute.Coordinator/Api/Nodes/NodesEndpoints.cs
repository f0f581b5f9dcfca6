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
/// <c>GET /api/nodes?gateway=&amp;owner=&amp;online=true|false&amp;kind=device|gateway&amp;offset=0&amp;limit=100&amp;after=</c> (public;
/// a token shows more): the nodes the directory knows, filtered and paged (by offset, or after a node id), with owner,
/// capacity, reputation and the results judged. A page costs one pass over the directory's ordered ids (filters and the
/// total, no copy of the fleet) and store reads of its own nodes only. Locations follow <see cref="NodeLocation"/>.
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
    /// <param name="after">The previous page's <c>nextAfter</c> (a node id): the page starts after that node. Not with <paramref name="offset"/>.</param>
    /// <param name="cancellationToken">Cancels the store reads.</param>
    /// <returns>200 with the page, 400 for a bad parameter.</returns>
    public static async Task<Results<Ok<NodePage>, ProblemHttpResult>> List(HttpContext context, CoordinatorApiServices api, ApiTokenAuthenticator auth,
        string? gateway, string? owner, string? online, string? kind, string? offset, string? limit, string? after, CancellationToken cancellationToken)
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

        var cursor = string.IsNullOrEmpty(after) ? null : after;
        if (cursor is not null && skip > 0)
        {
            return ApiProblems.BadRequest("after", "give offset or after, not both: after already says where the page starts");
        }

        // One pass over the directory's ordered ids under its lock (no snapshot of every node), then the stores for the
        // page's nodes only.
        var registry = api.Registry;
        var filter = new NodeFilter(
            string.IsNullOrEmpty(gateway) ? null : gateway,
            string.IsNullOrEmpty(online) ? null : online == "true",
            string.IsNullOrEmpty(kind) ? null : kind == "gateway",
            string.IsNullOrEmpty(owner) ? null : (id, isGateway) => registry.OwnerOf(id, isGateway) == owner);
        var page = api.Nodes.Page(filter, cursor, skip, take);
        var caller = auth.Identify(context.Request);
        var ids = page.Items.Select(n => n.NodeId).ToList();
        var deviceIds = page.Items.Where(n => !n.IsGateway).Select(n => n.NodeId).ToList();
        var verdicts = ids.Count == 0
            ? []
            : (await api.WorkStore.ReadNodeVerdictCountsAsync(ids, cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.NodeId, StringComparer.Ordinal);
        var reused = deviceIds.Count > 0 && api.Telemetry is IBootReuseReader reader
            ? (await reader.ReadBootReuseAsync(deviceIds, cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.DeviceId, StringComparer.Ordinal)
            : [];
        var quality = deviceIds.Count > 0 && api.Quality is { } qualityReader
            ? (await qualityReader.ReadLatestDeviceQualityAsync(deviceIds, cancellationToken).ConfigureAwait(false)).ToDictionary(q => q.DeviceId, StringComparer.Ordinal)
            : [];
        var items = page.Items.Select(n => ViewOf(api, caller, n, registry.OwnerOf(n.NodeId, n.IsGateway), verdicts, reused, quality)).ToList();
        var start = cursor is null ? skip : page.Before;
        int? next = page.More ? start + items.Count : null;
        return TypedResults.Ok(new NodePage(items, page.Total, start, take, next, page.More ? items[^1].Id : null));
    }

    private static NodeView ViewOf(CoordinatorApiServices api, ApiCaller caller, NodeInfo node, string? owner, Dictionary<string, NodeVerdictCounts> verdicts,
        Dictionary<string, DeviceBootReuse> reused, Dictionary<string, DeviceQualityRecord> quality)
    {
        var reputation = api.Work.Standings.Reputation(node.NodeId);
        var exact = NodeLocation.IsExactFor(caller, owner);
        var judged = verdicts.GetValueOrDefault(node.NodeId);
        return new NodeView(node.NodeId, node.IsGateway ? "gateway" : "device", owner, node.GatewayId, node.Online, node.LastSeen,
            [.. node.Kernels.Order(StringComparer.Ordinal)], node.Capacity, api.Work.Outstanding(node.NodeId),
            new NodeReputationView(reputation.Mean, reputation.LowerBound, reputation.Evidence), api.Work.Standings.Trust(node.NodeId).IsTrusted,
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
