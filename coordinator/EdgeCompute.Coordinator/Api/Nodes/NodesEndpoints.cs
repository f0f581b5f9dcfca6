using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Nodes;

/// <summary><c>GET /api/nodes</c> (public): every node the directory knows, with owner, capacity and reputation.</summary>
public static class NodesEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapNodesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/nodes", List).WithName("ListNodes").WithSummary("Every node the directory knows");
        return endpoints;
    }

    /// <summary>Lists every node, ordered by id.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="cancellationToken">Cancels the store read.</param>
    /// <returns>200 with the nodes.</returns>
    public static async Task<Ok<IReadOnlyList<NodeView>>> List(CoordinatorApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var reused = api.Telemetry is IBootReuseReader reader
            ? (await reader.ReadBootReuseAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.DeviceId, StringComparer.Ordinal)
            : [];
        var nodes = api.Nodes.Snapshot().Select(node =>
        {
            var reputation = api.Work.Reputation(node.NodeId);
            return new NodeView(node.NodeId, node.IsGateway ? "gateway" : "device", OwnerOf(api.Registry, node.NodeId, node.IsGateway), node.GatewayId, node.Online,
                [.. node.Kernels.Order(StringComparer.Ordinal)], node.Capacity, api.Work.Outstanding(node.NodeId),
                new NodeReputationView(reputation.Mean, reputation.LowerBound, reputation.Evidence), api.Work.Trust(node.NodeId).IsTrusted, node.Geohash,
                node.IsGateway ? null : ReuseOf(reused, node.NodeId));
        }).ToList();
        return TypedResults.Ok<IReadOnlyList<NodeView>>(nodes);
    }

    private static NodeBootReuseView ReuseOf(Dictionary<string, DeviceBootReuse> reused, string deviceId) =>
        reused.TryGetValue(deviceId, out var r)
            ? new NodeBootReuseView(r.Boots, r.FramesRefused, r.LastBoot, DateTimeOffset.FromUnixTimeMilliseconds(r.LastSeenMs))
            : new NodeBootReuseView(0, 0, 0, null);

    private static string? OwnerOf(FleetRegistry registry, string nodeId, bool isGateway) =>
        isGateway
            ? registry.FindGateway(nodeId, out var gateway) == RegistryLookup.Found ? gateway!.OwnerId : null
            : registry.FindDevice(nodeId, out var device) == RegistryLookup.Found ? device!.OwnerId : null;
}
