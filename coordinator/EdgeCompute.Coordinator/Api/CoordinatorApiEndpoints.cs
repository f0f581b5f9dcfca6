using EdgeCompute.Coordinator.Api.Accounts;
using EdgeCompute.Coordinator.Api.Epochs;
using EdgeCompute.Coordinator.Api.Fleet;
using EdgeCompute.Coordinator.Api.Jobs;
using EdgeCompute.Coordinator.Api.Nodes;
using EdgeCompute.Coordinator.Api.Session;
using EdgeCompute.Coordinator.Api.Stats;
using EdgeCompute.Coordinator.Api.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api;

/// <summary>Maps the whole coordinator API under <c>/api</c>.</summary>
public static class CoordinatorApiEndpoints
{
    /// <summary>Maps every feature's endpoints (health and stats, jobs, nodes, telemetry, epochs, accounts and deposits).</summary>
    /// <param name="endpoints">The route builder (the web application).</param>
    /// <returns>The <c>/api</c> group.</returns>
    public static RouteGroupBuilder MapCoordinatorApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api");
        api.MapStatsEndpoints();
        api.MapJobsEndpoints();
        api.MapNodesEndpoints();
        api.MapTelemetryEndpoints();
        api.MapEpochsEndpoints();
        api.MapAccountsEndpoints();
        api.MapFleetEndpoints();
        api.MapSessionEndpoints();
        api.MapEpochPolicyEndpoints();
        return api;
    }
}
