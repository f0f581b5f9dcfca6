using EdgeCompute.Coordinator.Domain.Pricing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Pricing;

/// <summary><c>GET /api/pricing</c> (public): the prices jobs are quoted, escrowed and charged at.</summary>
public static class PricingEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapPricingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/pricing", Show).WithName("ShowPricing").WithSummary("The prices in force: per million kernel ops, per million units of fuel, per MiB stored");
        return endpoints;
    }

    /// <summary>Shows the prices.</summary>
    /// <param name="api">The API services.</param>
    /// <returns>200 with the prices.</returns>
    public static Ok<PricingView> Show(CoordinatorApiServices api)
    {
        ArgumentNullException.ThrowIfNull(api);
        var prices = api.Work.Intake.Prices;
        return TypedResults.Ok(new PricingView(prices.DeviceOpsPerMillion, prices.GatewayFuelPerMillion, prices.StoragePerMiB, PriceList.UnitsPerRate));
    }
}
