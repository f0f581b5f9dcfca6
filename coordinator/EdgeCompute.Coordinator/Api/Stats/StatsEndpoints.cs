using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Stats;

/// <summary><c>GET /api/health</c> and <c>GET /api/stats</c> (public).</summary>
public static class StatsEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapStatsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/health", Health).WithName("Health").WithSummary("Whether the process is up");
        endpoints.MapGet("/stats", GetStatsAsync).WithName("Stats").WithSummary("Network totals read from the stores");
        return endpoints;
    }

    /// <summary>Answers that the process is up.</summary>
    /// <param name="api">The API services.</param>
    /// <returns>200 with the time.</returns>
    public static Ok<HealthStatus> Health(CoordinatorApiServices api)
    {
        ArgumentNullException.ThrowIfNull(api);
        return TypedResults.Ok(new HealthStatus("ok", api.Time.GetUtcNow()));
    }

    /// <summary>Reads the network totals from the stores.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the totals.</returns>
    public static async Task<Ok<NetworkStats>> GetStatsAsync(CoordinatorApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var telemetryRead = api.Telemetry.ReadStatsAsync(cancellationToken);
        var workRead = api.WorkStore.ReadStatsAsync(cancellationToken);
        var telemetry = await telemetryRead.ConfigureAwait(false);
        var work = await workRead.ConfigureAwait(false);
        var counters = api.Work.Counters.Snapshot().ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Key), p => p.Value, StringComparer.Ordinal);
        return TypedResults.Ok(new NetworkStats(
            api.Time.GetUtcNow(),
            telemetry.ReadingsStored,
            telemetry.BatchesStored,
            telemetry.DuplicatesDropped,
            telemetry.BatchConflicts + telemetry.FrameConflicts,
            telemetry.ReadingsLost,
            new TaskTotals(work.TasksIssued, work.TasksVerified, work.ResultsRejected, work.TasksReissued, work.ResultsNotPaid),
            new JobTotals(work.JobsRunning, work.JobsCompleted, work.JobsFailed),
            new ProcessCounters("this-process", counters)));
    }
}
