using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EdgeCompute.Coordinator.Api.Auth;

/// <summary>Marks an endpoint as needing a bearer token (metadata, and its 401 and 403 problems in the OpenAPI document).</summary>
public static class ApiTokenEndpointExtensions
{
    /// <summary>Adds an <see cref="ApiTokenRequirement"/> and the 401/403 problem responses.</summary>
    /// <param name="builder">The endpoint.</param>
    /// <param name="scope">Whose token.</param>
    /// <returns>The same builder.</returns>
    public static RouteHandlerBuilder RequireApiToken(this RouteHandlerBuilder builder, ApiTokenScope scope)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new ApiTokenRequirement(scope))
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }
}
