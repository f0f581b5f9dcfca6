using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace EdgeCompute.Coordinator.Dashboard;

/// <summary>Serves the operator's dashboard: <c>/</c> (the page) and <c>/dashboard/{file}</c> (its embedded scripts, styles and images).</summary>
public static class DashboardEndpoints
{
    /// <summary>
    /// The dashboard's Content-Security-Policy: scripts, styles, images and API calls from this origin only; no inline script
    /// or style, no plugins, no framing, no form posts elsewhere. Images may also be <c>blob:</c> (none are today).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; font-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>How long a browser may reuse a file before asking again (with its ETag); short, so an upgrade shows within minutes.</summary>
    public const string AssetCaching = "public, max-age=300";

    /// <summary>Maps the page and its files.</summary>
    /// <param name="endpoints">The route builder (the web application).</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", (HttpContext context) => Serve(context, "index.html", "no-cache")).WithName("Dashboard").ExcludeFromDescription();
        endpoints.MapGet("/dashboard/{file}", (HttpContext context, string file) => Serve(context, file, AssetCaching)).WithName("DashboardFile").ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Serve(HttpContext context, string file, string caching)
    {
        var headers = context.Response.Headers;
        headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        headers[HeaderNames.XContentTypeOptions] = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (!DashboardAssets.TryGet(file, out var asset))
        {
            return Results.NotFound();
        }

        headers[HeaderNames.CacheControl] = caching;
        headers[HeaderNames.ETag] = asset!.ETag;
        if (context.Request.Headers.IfNoneMatch.Any(tag => tag == asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
