using EdgeCompute.Coordinator.Api.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Session;

/// <summary><c>GET /api/session</c>: whose token the request carries, so the dashboard can say who is signed in. Reveals nothing the token's holder does not know.</summary>
public static class SessionEndpoints
{
    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapSessionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/session", Show).WithName("ShowSession");
        return endpoints;
    }

    /// <summary>Identifies the caller.</summary>
    /// <param name="context">The request.</param>
    /// <param name="auth">The authenticator.</param>
    /// <returns>200 with the caller's kind and owner.</returns>
    public static Ok<SessionView> Show(HttpContext context, ApiTokenAuthenticator auth)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(auth);
        var caller = auth.Identify(context.Request);
        var kind = caller.Kind switch
        {
            ApiCallerKind.Owner => "owner",
            ApiCallerKind.Operator => "operator",
            ApiCallerKind.Anonymous => "anonymous",
            _ => "unrecognised",
        };
        return TypedResults.Ok(new SessionView(kind, caller.OwnerId));
    }
}
