using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeCompute.Coordinator.Api.Blobs;

/// <summary>
/// Who may read a blob: an owner who holds it (uploaded it, or a job of theirs names it), the operator, and a gateway
/// (<see cref="GatewayCredentials"/>, its central-broker password) only while it holds an open assignment of a task naming
/// the hash. An owner who does not hold it gets the same 404 as for an unknown hash, so no answer reveals another owner's blob.
/// </summary>
public static class BlobReadAccess
{
    /// <summary>Checks the caller of a blob read.</summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="sha256">The blob (valid hex).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>Null when allowed, else the problem (401, 403 or 404).</returns>
    public static async Task<ProblemHttpResult?> CheckAsync(HttpContext context, CoordinatorApiServices api, ApiTokenAuthenticator auth, string sha256,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        if (GatewayCredentials.Of(context.Request) is { } gateway)
        {
            if (!api.Registry.CheckBrokerPassword(gateway.GatewayId, gateway.Password))
            {
                return ApiProblems.Unauthorized(context, "the Authorization header is not \"Gateway <gateway id>:<central-broker password>\" of a registered gateway");
            }

            return await api.WorkStore.GatewayHoldsBlobAsync(gateway.GatewayId, sha256, cancellationToken).ConfigureAwait(false)
                ? null
                : ApiProblems.Forbidden($"gateway {gateway.GatewayId} holds no open assignment naming blob {sha256}");
        }

        var caller = auth.Identify(context.Request);
        return caller.Kind switch
        {
            ApiCallerKind.Operator => null,
            ApiCallerKind.Owner => await api.Blobs!.HoldsAsync(caller.OwnerId!, sha256, cancellationToken).ConfigureAwait(false) ? null : Unknown(sha256),
            ApiCallerKind.Anonymous => ApiProblems.Unauthorized(context, "reading a blob needs a token: Authorization: Bearer <token>, or a gateway's Authorization: Gateway <id>:<password>"),
            _ => ApiProblems.Unauthorized(context, "the Authorization header is not \"Bearer <token>\" with a token this coordinator knows"),
        };
    }

    /// <summary>The 404 for a blob the caller cannot see (unknown, or held only by others).</summary>
    /// <param name="sha256">The blob.</param>
    /// <returns>The problem.</returns>
    public static ProblemHttpResult Unknown(string sha256) => ApiProblems.NotFound($"you hold no blob {sha256}");
}
