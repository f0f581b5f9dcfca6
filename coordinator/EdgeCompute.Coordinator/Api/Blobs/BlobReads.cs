using System.Globalization;
using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Domain.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace EdgeCompute.Coordinator.Api.Blobs;

/// <summary>The blob reads: the bytes (whole or one range) and the chunk list, under <see cref="BlobReadAccess"/>.</summary>
public static class BlobReads
{
    /// <summary>A blob's bytes: 200 whole, 206 one range (<c>Range: bytes=A-B</c>), 416 for a range it cannot satisfy.</summary>
    /// <param name="context">The request.</param>
    /// <param name="sha256">The blob's SHA-256.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>The bytes or a problem (400, 401, 403, 404, 416).</returns>
    public static async Task<IResult> GetAsync(HttpContext context, string sha256, CoordinatorApiServices api, ApiTokenAuthenticator auth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        if (BlobsEndpoints.BadHash(sha256) is { } bad)
        {
            return bad;
        }

        if (await BlobReadAccess.CheckAsync(context, api, auth, sha256, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        if (await api.Blobs!.FindAsync(sha256, cancellationToken).ConfigureAwait(false) is not { } manifest)
        {
            return BlobReadAccess.Unknown(sha256);
        }

        var range = new ByteRange(0, manifest.Size);
        var partial = false;
        if (context.Request.Headers.Range is { Count: > 0 } header)
        {
            if (header.Count > 1 || !ByteRange.TryParse(header[0] ?? "", manifest.Size, out var asked))
            {
                context.Response.Headers.ContentRange = $"bytes */{manifest.Size.ToString(CultureInfo.InvariantCulture)}";
                return ApiProblems.Problem(StatusCodes.Status416RangeNotSatisfiable, ApiProblemTypes.RangeNotSatisfiable, "Range not satisfiable",
                    $"Range must be one byte range within the blob's {manifest.Size:N0} bytes (bytes=A-B, bytes=A- or bytes=-N), got \"{ApiQuery.Clip(header.ToString())}\"",
                    ("size", manifest.Size));
            }

            (range, partial) = (asked!, true);
        }

        var bytes = await api.Blobs.ReadAsync(sha256, range.From, checked((int)range.Length), cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return BlobReadAccess.Unknown(sha256);
        }

        context.Response.Headers[HeaderNames.AcceptRanges] = "bytes";
        context.Response.Headers.ETag = $"\"{sha256}\"";
        if (!partial)
        {
            return TypedResults.Bytes(bytes, BlobsEndpoints.MediaType);
        }

        context.Response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {range.From}-{range.To}/{manifest.Size}");
        return new PartialContent(bytes);
    }

    /// <summary>A blob's chunk list.</summary>
    /// <param name="context">The request.</param>
    /// <param name="sha256">The blob's SHA-256.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the list, or a problem (400, 401, 403, 404).</returns>
    public static async Task<Results<Ok<BlobChunksView>, ProblemHttpResult>> ChunksAsync(HttpContext context, string sha256, CoordinatorApiServices api, ApiTokenAuthenticator auth,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (BlobsEndpoints.BadHash(sha256) is { } bad)
        {
            return bad;
        }

        if (await BlobReadAccess.CheckAsync(context, api, auth, sha256, cancellationToken).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        return await api.Blobs!.FindAsync(sha256, cancellationToken).ConfigureAwait(false) is { } manifest
            ? TypedResults.Ok(new BlobChunksView(manifest.Sha256, manifest.Size, BlobLimits.ChunkBytes, manifest.Chunks))
            : BlobReadAccess.Unknown(sha256);
    }

    /// <summary>A 206 with the range's bytes (the Content-Range header is set by the caller).</summary>
    private sealed class PartialContent(byte[] bytes) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status206PartialContent;
            httpContext.Response.ContentType = BlobsEndpoints.MediaType;
            httpContext.Response.ContentLength = bytes.Length;
            return httpContext.Response.Body.WriteAsync(bytes).AsTask();
        }
    }
}
