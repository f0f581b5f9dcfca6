using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Docs;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Api.Limits;
using EdgeCompute.Coordinator.Domain.Blobs;
using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Protocol.Batches;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Blobs;

/// <summary>
/// Content-addressed blobs: <c>PUT /api/blobs/{sha256}</c> and <c>HEAD /api/blobs/{sha256}</c> (an owner's token), and the
/// reads <c>GET /api/blobs/{sha256}</c> (with one optional byte range) and <c>GET /api/blobs/{sha256}/chunks</c>
/// (<see cref="BlobReadAccess"/>). Nothing here is public.
/// </summary>
public static class BlobsEndpoints
{
    /// <summary>The media type of blob bytes.</summary>
    public const string MediaType = "application/octet-stream";

    /// <summary>Maps the endpoints.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapBlobsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPut("/blobs/{sha256}", PutAsync).WithName("UploadBlob").RequireRateLimiting(ApiRateLimiting.BlobPolicyName).WithSummary("Upload a blob (raw bytes, at most 8 MiB) held by the token's owner; or, from a gateway with ?task=ID&slot=N of an open assignment it holds, a task output of at most 4 MiB held for that job")
            .Accepts<byte[]>(MediaType).RequireApiToken(ApiTokenScope.BlobWriter).WithMetadata(new ApiBodyLimit(BlobLimits.MaxBlobBytes))
            .Produces<BlobStoredView>(StatusCodes.Status201Created).Produces<BlobStoredView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status411LengthRequired).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        endpoints.MapMethods("/blobs/{sha256}", [HttpMethods.Head], HeadAsync).WithName("HasBlob").RequireRateLimiting(ApiRateLimiting.BlobPolicyName).WithSummary("Whether the token's owner holds a blob (never says whether another owner does)")
            .RequireApiToken(ApiTokenScope.AnyOwner).Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/blobs/{sha256}", BlobReads.GetAsync).WithName("GetBlob").RequireRateLimiting(ApiRateLimiting.BlobPolicyName)
            .WithSummary("A blob's bytes, whole or one range (Range: bytes=A-B): its holder, the operator, or a gateway with an open assignment naming it")
            .RequireApiToken(ApiTokenScope.BlobReader)
            .WithMetadata(new AlternateContent(StatusCodes.Status200OK, [MediaType]), new AlternateContent(StatusCodes.Status206PartialContent, [MediaType]))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status416RangeNotSatisfiable);
        endpoints.MapGet("/blobs/{sha256}/chunks", BlobReads.ChunksAsync).WithName("GetBlobChunks").RequireRateLimiting(ApiRateLimiting.BlobPolicyName)
            .WithSummary("A blob's size and the SHA-256 of each 1 MiB chunk: its holder, the operator, or a gateway with an open assignment naming it")
            .RequireApiToken(ApiTokenScope.BlobReader).Produces<BlobChunksView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Uploads a blob held by the token's owner: the body is streamed once to a temporary file while hashed.</summary>
    /// <param name="context">The request.</param>
    /// <param name="sha256">The blob's SHA-256 (64 lowercase hex).</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>201 stored, 200 already held, or a problem (400, 401, 403, 409, 411, 413).</returns>
    /// <remarks>A gateway (<see cref="GatewayCredentials"/>) uploads only task outputs: see <see cref="GatewayOutputUpload"/>.</remarks>
    public static async Task<Results<Created<BlobStoredView>, Ok<BlobStoredView>, ProblemHttpResult>> PutAsync(HttpContext context, string sha256, CoordinatorApiServices api,
        ApiTokenAuthenticator auth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        GatewayOutputUpload? output = null;
        string owner;
        if (GatewayCredentials.Of(context.Request) is { } gateway)
        {
            if ((BadHash(sha256) ?? NoStore(api)) is { } badGatewayUpload)
            {
                return badGatewayUpload;
            }

            var (upload, refused) = await GatewayOutputUpload.CheckAsync(context, api, gateway, cancellationToken).ConfigureAwait(false);
            if (refused is not null)
            {
                return refused;
            }

            output = upload!;
            owner = output.Owner;
        }
        else
        {
            var caller = auth.Identify(context.Request);
            if (ApiAccess.RequireAnyOwner(context, caller, "uploading a blob") is { } denied)
            {
                return denied;
            }

            if ((BadHash(sha256) ?? NoStore(api)) is { } bad)
            {
                return bad;
            }

            owner = caller.OwnerId!;
        }

        if (context.Request.ContentLength is not { } length)
        {
            return ApiProblems.Problem(StatusCodes.Status411LengthRequired, ApiProblemTypes.LengthRequired, "Length required",
                "send the blob's size in Content-Length (chunked uploads are not taken)");
        }

        if (length > BlobLimits.MaxBlobBytes || (output is not null && length > GatewayTaskResultItem.MaxBlobOutputBytes))
        {
            return output is null ? TooLarge(length) : OutputTooLarge(length);
        }

        var blobs = api.Blobs!;
        var used = await blobs.UsedBytesAsync(owner, cancellationToken).ConfigureAwait(false);
        if (used + length > api.BlobQuotaBytes && !await blobs.HoldsAsync(owner, sha256, cancellationToken).ConfigureAwait(false))
        {
            return QuotaExceeded(api, owner, used, $"owner {owner} holds {used:N0} bytes; {length:N0} more would pass the quota of {api.BlobQuotaBytes:N0} bytes");
        }

        BlobPutResult put;
        try
        {
            put = await blobs.PutAsync(owner, sha256, context.Request.Body, api.BlobQuotaBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(length);
        }

        if (output is not null && put.IsHeld
            && (await blobs.ReferenceAsync(output.JobId, owner, [sha256], cancellationToken).ConfigureAwait(false)).MissingHash is { } missing)
        {
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ApiProblemTypes.StoreUnavailable, "Released meanwhile",
                $"blob {missing} was released while it was stored; upload it again");
        }

        return put.Reason switch
        {
            BlobPutReason.Stored => TypedResults.Created($"/api/blobs/{sha256}", new BlobStoredView(sha256, put.Manifest!.Size)),
            BlobPutReason.AlreadyHeld => TypedResults.Ok(new BlobStoredView(sha256, put.Manifest!.Size)),
            BlobPutReason.HashMismatch => ApiProblems.Problem(StatusCodes.Status400BadRequest, ApiProblemTypes.HashMismatch, "Hash mismatch", put.Detail,
                ("field", "sha256"), ("sha256", sha256), ("received", put.Manifest!.Sha256)),
            BlobPutReason.TooLarge => TooLarge(length),
            _ => QuotaExceeded(api, owner, put.UsedBytes, put.Detail),
        };
    }

    /// <summary>Whether the token's owner holds a blob.</summary>
    /// <param name="context">The request.</param>
    /// <param name="sha256">The blob's SHA-256.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 when held, 404 otherwise (whoever else holds it), or 400, 401, 403.</returns>
    public static async Task<Results<Ok, ProblemHttpResult>> HeadAsync(HttpContext context, string sha256, CoordinatorApiServices api, ApiTokenAuthenticator auth,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        var caller = auth.Identify(context.Request);
        if (ApiAccess.RequireAnyOwner(context, caller, "asking for a blob") is { } denied)
        {
            return denied;
        }

        if ((BadHash(sha256) ?? NoStore(api)) is { } bad)
        {
            return bad;
        }

        return await api.Blobs!.HoldsAsync(caller.OwnerId!, sha256, cancellationToken).ConfigureAwait(false) ? TypedResults.Ok() : BlobReadAccess.Unknown(sha256);
    }

    /// <summary>The 400 for a route hash that is not 64 lowercase hex characters, or null.</summary>
    /// <param name="sha256">The route value.</param>
    /// <returns>The problem, or null.</returns>
    public static ProblemHttpResult? BadHash(string sha256) => BlobHash.IsValid(sha256) ? null
        : ApiProblems.BadRequest("sha256", $"a blob is named by its SHA-256 as 64 lowercase hex characters, got \"{ApiQuery.Clip(sha256 ?? "")}\"");

    /// <summary>The 404 of a coordinator wired without a blob store (<see cref="CoordinatorApiServices.Blobs"/> null), or null.</summary>
    /// <param name="api">The API services.</param>
    /// <returns>The problem, or null.</returns>
    public static ProblemHttpResult? NoStore(CoordinatorApiServices api) =>
        api?.Blobs is null ? ApiProblems.NotFound("this coordinator keeps no blobs") : null;

    private static ProblemHttpResult TooLarge(long length) => ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, ApiProblemTypes.TooLarge, "Blob too large",
        $"a blob is at most {BlobLimits.MaxBlobBytes:N0} bytes (a module 8 MiB, a task input 4 MiB); this one has {length:N0}", ("maxBytes", BlobLimits.MaxBlobBytes));

    private static ProblemHttpResult OutputTooLarge(long length) => ApiProblems.Problem(StatusCodes.Status413PayloadTooLarge, ApiProblemTypes.TooLarge, "Output too large",
        $"a task output is at most {GatewayTaskResultItem.MaxBlobOutputBytes:N0} bytes (4 MiB); this one has {length:N0}", ("maxBytes", GatewayTaskResultItem.MaxBlobOutputBytes));

    private static ProblemHttpResult QuotaExceeded(CoordinatorApiServices api, string owner, long used, string detail) =>
        ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.QuotaExceeded, "Storage quota exceeded", detail,
            ("owner", owner), ("quotaBytes", api.BlobQuotaBytes), ("usedBytes", used));
}
