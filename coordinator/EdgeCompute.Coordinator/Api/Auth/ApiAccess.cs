using EdgeCompute.Coordinator.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeCompute.Coordinator.Api.Auth;

/// <summary>The API's access rules: who may spend or reveal an account.</summary>
public static class ApiAccess
{
    /// <summary>Requires an owner's token (any owner): 401 without one, 403 for the operator token.</summary>
    /// <param name="context">The request.</param>
    /// <param name="caller">Its caller.</param>
    /// <param name="what">What is being done, for the message.</param>
    /// <returns>Null when allowed, else the problem.</returns>
    public static ProblemHttpResult? RequireAnyOwner(HttpContext context, ApiCaller caller, string what)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return RequireToken(context, caller, what) ?? (caller.Kind == ApiCallerKind.Owner ? null
            : ApiProblems.Forbidden($"{what} needs an owner's API token; the operator token may only book deposits"));
    }

    /// <summary>Requires <paramref name="ownerId"/>'s own token: 401 without a valid token, 403 for anyone else's.</summary>
    /// <param name="context">The request.</param>
    /// <param name="caller">Its caller.</param>
    /// <param name="ownerId">The owner whose data it is.</param>
    /// <param name="what">What is being read, for the message.</param>
    /// <returns>Null when allowed, else the problem.</returns>
    public static ProblemHttpResult? RequireOwner(HttpContext context, ApiCaller caller, string ownerId, string what)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return RequireToken(context, caller, what) ?? (caller.Is(ownerId) || caller.Kind == ApiCallerKind.Operator ? null
            : ApiProblems.Forbidden($"{what} of owner \"{ApiQuery.Clip(ownerId)}\" is readable only with that owner's API token or the operator's"));
    }

    /// <summary>Requires the operator token: 401 without a valid token, 403 for an owner's or when no operator token is configured.</summary>
    /// <param name="context">The request.</param>
    /// <param name="caller">Its caller.</param>
    /// <param name="configured">Whether an operator token is configured.</param>
    /// <param name="what">What is being done, for the message.</param>
    /// <returns>Null when allowed, else the problem.</returns>
    public static ProblemHttpResult? RequireOperator(HttpContext context, ApiCaller caller, bool configured, string what)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!configured)
        {
            return ApiProblems.Forbidden($"{what} is disabled: this coordinator has no operator token configured");
        }

        return RequireToken(context, caller, what) ?? (caller.Kind == ApiCallerKind.Operator ? null : ApiProblems.Forbidden($"{what} needs the operator token"));
    }

    /// <summary>Requires any valid token (an owner's or the operator's): 401 otherwise. The caller checks whose.</summary>
    /// <param name="context">The request.</param>
    /// <param name="caller">Its caller.</param>
    /// <param name="what">What is being done, for the message.</param>
    /// <returns>Null when a token is known, else the problem.</returns>
    public static ProblemHttpResult? RequireAuthenticated(HttpContext context, ApiCaller caller, string what)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return RequireToken(context, caller, what);
    }

    private static ProblemHttpResult? RequireToken(HttpContext context, ApiCaller caller, string what) => caller.Kind switch
    {
        ApiCallerKind.Anonymous => ApiProblems.Unauthorized(context, $"{what} needs a token: send Authorization: Bearer <token>"),
        ApiCallerKind.Unrecognised => ApiProblems.Unauthorized(context, "the Authorization header is not \"Bearer <token>\" with a token this coordinator knows"),
        _ => null,
    };
}
