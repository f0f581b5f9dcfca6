using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Api.Limits;

/// <summary>
/// Endpoint metadata: the largest body the endpoint reads. The server applies it to the request
/// (<see cref="IRequestSizeLimitMetadata"/>) and <see cref="Http.ApiJsonBody"/> answers 413 past it.
/// </summary>
/// <param name="MaxRequestBodySize">The limit, bytes.</param>
public sealed record ApiBodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata
{
    /// <summary>The limit <paramref name="pick"/> takes from the configured <see cref="ApiLimitsOptions"/>.</summary>
    /// <param name="endpoints">The route builder (its services hold the options).</param>
    /// <param name="pick">Which limit.</param>
    /// <returns>The metadata.</returns>
    public static ApiBodyLimit From(IEndpointRouteBuilder endpoints, Func<ApiLimitsOptions, long> pick)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pick);
        return new ApiBodyLimit(pick(endpoints.ServiceProvider.GetRequiredService<IOptions<ApiLimitsOptions>>().Value));
    }
}
