using EdgeCompute.Coordinator.Api.Accounts;
using EdgeCompute.Coordinator.Api.Blobs;
using EdgeCompute.Coordinator.Api.Docs;
using EdgeCompute.Coordinator.Api.Epochs;
using EdgeCompute.Coordinator.Api.Fleet;
using EdgeCompute.Coordinator.Api.Health;
using EdgeCompute.Coordinator.Api.Jobs;
using EdgeCompute.Coordinator.Api.Jobs.Tasks;
using EdgeCompute.Coordinator.Api.Ledger;
using EdgeCompute.Coordinator.Api.Limits;
using EdgeCompute.Coordinator.Api.Nodes;
using EdgeCompute.Coordinator.Api.Pricing;
using EdgeCompute.Coordinator.Api.Session;
using EdgeCompute.Coordinator.Api.Stats;
using EdgeCompute.Coordinator.Api.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;


namespace EdgeCompute.Coordinator.Api;

/// <summary>Maps the whole coordinator API under <c>/api</c>.</summary>
public static class CoordinatorApiEndpoints
{
    /// <summary>
    /// Maps every feature's endpoints (health and stats, jobs, blobs, nodes, telemetry, epochs, accounts and deposits) under
    /// <c>/api</c>, the OpenAPI document (<c>/openapi/v1.json</c>) with its reference page (<c>/api/docs</c>), and beside
    /// them the operator's <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> (not rate-limited).
    /// </summary>
    /// <param name="endpoints">The route builder (the web application).</param>
    /// <returns>The <c>/api</c> group.</returns>
    public static RouteGroupBuilder MapCoordinatorApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthEndpoints();
        var api = endpoints.MapGroup("/api").RequireRateLimiting(ApiRateLimiting.PolicyName);
        api.ProducesProblem(StatusCodes.Status429TooManyRequests); // every endpoint may answer rate-limited
        api.MapStatsEndpoints();
        api.MapJobsEndpoints();
        api.MapBlobsEndpoints();
        api.MapJobCancelEndpoint();
        api.MapJobTasksEndpoint();
        api.MapNodesEndpoints();
        api.MapTelemetryEndpoints();
        api.MapEpochsEndpoints();
        api.MapEpochQualityEndpoints();
        api.MapAccountsEndpoints();
        api.MapLedgerAuditEndpoint();
        endpoints.MapCoordinatorApiDocs();
        api.MapFleetEndpoints();
        api.MapSessionEndpoints();
        api.MapEpochPolicyEndpoints();
        api.MapPricingEndpoints();
        return api;
    }
}
