using System.Globalization;
using EdgeCompute.Coordinator.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>
/// <c>GET /api/epochs/{id}/quality</c> (public, like the statement): the data quality of each device over a closed epoch,
/// as its close computed it — score, readings, and which checks failed.
/// </summary>
public static class EpochQualityEndpoints
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 500;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 5000;

    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapEpochQualityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/epochs/{id}/quality", ShowAsync).WithName("EpochQuality")
            .WithSummary("Data quality per device over a closed epoch: score, readings, failed checks (range, stuck, jump, gap, neighbour)")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Shows one page of a closed epoch's data quality.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="id">The epoch id.</param>
    /// <param name="after">Only devices after this id (the previous page's <c>next</c>).</param>
    /// <param name="limit">Page size (default 500, at most 5000).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the page, 400 for a malformed id or limit, 404 when the epoch is not closed.</returns>
    public static async Task<Results<Ok<EpochQualityPage>, ProblemHttpResult>> ShowAsync(CoordinatorApiServices api, string id, string? after, string? limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var epochId))
        {
            return ApiProblems.BadRequest("id", $"the epoch id must be a whole number, 0 or more, got \"{ApiQuery.Clip(id ?? "")}\"");
        }

        if (ApiQuery.Int("limit", limit, DefaultLimit, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        if (api.Quality is null)
        {
            return ApiProblems.NotFound("this coordinator's telemetry store keeps no data quality");
        }

        var records = await api.Quality.ReadDeviceQualityAsync(epochId, string.IsNullOrEmpty(after) ? null : after, take + 1, cancellationToken).ConfigureAwait(false);
        if (records is null)
        {
            return ApiProblems.NotFound($"epoch {epochId} is not closed; GET /api/epochs lists the closed ones");
        }

        var page = records.Take(take).Select(DeviceQualityView.Of).ToList();
        return TypedResults.Ok(new EpochQualityPage(epochId, page, records.Count > take ? page[^1].DeviceId : null));
    }
}
