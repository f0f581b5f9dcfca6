using System.Text.Json;
using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Docs;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Api.Limits;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EdgeCompute.Coordinator.Api;

/// <summary>Registers what <see cref="CoordinatorApiEndpoints.MapCoordinatorApi"/> needs.</summary>
public static class CoordinatorApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="api"/>, the bearer-token authenticator, RFC 7807 problem details (so
    /// <c>app.UseExceptionHandler()</c> answers unexpected failures as problems, and a database outage as a 503 with
    /// <c>Retry-After</c>) and camelCase JSON.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="api">The stores, engine and registry the API serves.</param>
    /// <returns>The same collection.</returns>
    public static IServiceCollection AddCoordinatorApi(this IServiceCollection services, CoordinatorApiServices api)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(api);
        services.AddSingleton(api);
        services.AddSingleton(new ApiTokenAuthenticator(api.Registry, api.OperatorToken));
        services.AddProblemDetails();
        services.AddCoordinatorApiDocs(); // the OpenAPI document and /api/docs
        services.AddCoordinatorApiLimits(); // rate limits and body sizes (ApiLimitsOptions)
        services.TryAddSingleton(TimeProvider.System);
        services.AddExceptionHandler<StoreOutageExceptionHandler>(); // a database outage is a 503 with Retry-After, not a 500
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        });
        return services;
    }
}
