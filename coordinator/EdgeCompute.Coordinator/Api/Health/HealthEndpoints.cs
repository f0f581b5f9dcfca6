using System.Data.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCompute.Coordinator.Api.Health;

/// <summary>
/// The operator's endpoints beside <c>/api</c> (public, like <c>/api/health</c>): <c>GET /healthz</c> — the process
/// answers; <c>GET /readyz</c> — the stores answer (a read of each, within <see cref="StoreTimeout"/>) and the broker is
/// up, else 503 naming what is not; <c>GET /metrics</c> — the coordinator's instruments in Prometheus text format, the
/// store figures read for each scrape (a store that does not answer fails the scrape with 503).
/// </summary>
public static class HealthEndpoints
{
    /// <summary>How long a store may take to answer <c>/readyz</c>.</summary>
    public static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Maps the endpoints.</summary>
    /// <param name="endpoints">The web application.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Probes for systemd, load balancers and monitoring (docs/operations.md), not part of the API's contract: left
        // out of the OpenAPI document and the client.
        endpoints.MapGet("/healthz", () => TypedResults.Text("alive\n")).WithName("Liveness").ExcludeFromDescription();
        endpoints.MapGet("/readyz", ReadyAsync).WithName("Readiness").ExcludeFromDescription();
        if (endpoints.ServiceProvider.GetRequiredService<CoordinatorApiServices>().Metrics is { } metrics)
        {
            endpoints.MapPrometheusScrapingEndpoint("/metrics", metrics.Provider, branch => branch.Use(async (context, next) =>
            {
                if (await AnswersAsync(ct => metrics.RefreshAsync(ct), context.RequestAborted).ConfigureAwait(false) is { } failure)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    await context.Response.WriteAsync($"stores not answering: {failure}\n", context.RequestAborted).ConfigureAwait(false);
                    return;
                }

                await next(context).ConfigureAwait(false);
            }), null);
        }

        return endpoints;
    }

    /// <summary>Checks the stores and the broker.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 or 503 with what was found.</returns>
    public static async Task<JsonHttpResult<Readiness>> ReadyAsync(CoordinatorApiServices api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var work = await AnswersAsync(ct => api.WorkStore.ReadStatsAsync(ct), cancellationToken).ConfigureAwait(false);
        var telemetry = await AnswersAsync(ct => api.Telemetry.ReadStatsAsync(ct), cancellationToken).ConfigureAwait(false);
        var ledger = await AnswersAsync(ct => api.Ledger.ReadHeadAsync(ct), cancellationToken).ConfigureAwait(false);
        var broker = api.BrokerIsUp?.Invoke();
        var ready = work is null && telemetry is null && ledger is null && broker != false;
        var body = new Readiness(ready, work ?? "answers", telemetry ?? "answers", ledger ?? "answers", broker switch { true => "up", false => "down", null => "not checked" });
        return TypedResults.Json(body, statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>Runs a store read with <see cref="StoreTimeout"/>; null when it answered, else why not.</summary>
    private static async Task<string?> AnswersAsync(Func<CancellationToken, Task> read, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(StoreTimeout);
        try
        {
            await read(timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {StoreTimeout.TotalSeconds:0} s";
        }
        catch (Exception e) when (e is DbException or TimeoutException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            return e.Message;
        }
    }
}
