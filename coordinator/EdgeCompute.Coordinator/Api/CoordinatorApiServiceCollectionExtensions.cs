using System.Text.Json;
using EdgeCompute.Coordinator.Api.Auth;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCompute.Coordinator.Api;

/// <summary>Registers what <see cref="CoordinatorApiEndpoints.MapCoordinatorApi"/> needs.</summary>
public static class CoordinatorApiServiceCollectionExtensions
{
    /// <summary>
    /// Registers <paramref name="api"/>, the bearer-token authenticator, RFC 7807 problem details (so
    /// <c>app.UseExceptionHandler()</c> answers unexpected failures as problems) and camelCase JSON.
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
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        });
        return services;
    }
}
