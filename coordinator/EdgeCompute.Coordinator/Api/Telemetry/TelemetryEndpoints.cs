using System.Globalization;
using System.Text;
using EdgeCompute.Coordinator.Api.Docs;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Api.Telemetry.Senml;
using EdgeCompute.Coordinator.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Telemetry;

/// <summary>
/// <c>GET /api/telemetry</c> (public): one device's channel over a time range, paged, as JSON, CSV, SenML JSON or SenML
/// CBOR (RFC 8428) — chosen by <c>format</c>, else by the <c>Accept</c> header. Paging is in the response headers
/// (<c>X-Next-After</c>, <c>Link: rel="next"</c>) for every format.
/// </summary>
public static class TelemetryEndpoints
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>The header carrying the next page's <c>after</c>.</summary>
    public const string NextAfterHeader = "X-Next-After";

    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/telemetry", ReadAsync).WithName("ReadTelemetry").WithSummary("A page of one device's channel (JSON, CSV or SenML)")
            .WithMetadata(new AlternateContent(StatusCodes.Status200OK, ["text/csv", "application/senml+json", "application/senml+cbor"]))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Reads a page of one device's channel.</summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="device">The device id, or a gateway id for its own sensors (required).</param>
    /// <param name="channel">The channel name (required: rows are stored per channel).</param>
    /// <param name="from">Inclusive start: ISO 8601 or ms since the Unix epoch; the beginning when absent.</param>
    /// <param name="to">Exclusive end: ISO 8601 or ms; no end when absent.</param>
    /// <param name="format"><c>json</c>, <c>csv</c>, <c>senml-json</c> or <c>senml-cbor</c>; when absent, the <c>Accept</c>
    /// header chooses (<c>application/senml+json</c>, <c>application/senml+cbor</c>, <c>text/csv</c>), else JSON.</param>
    /// <param name="limit">Page size (default 1000, at most 10000).</param>
    /// <param name="after">The previous page's <c>next</c>: this page starts after that time.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the page (JSON or CSV), 400 for a bad parameter, 404 for an unknown device.</returns>
    public static async Task<Results<Ok<TelemetryPageView>, ContentHttpResult, FileContentHttpResult, ProblemHttpResult>> ReadAsync(HttpContext context, CoordinatorApiServices api,
        string? device, string? channel, string? from, string? to, string? format, string? limit, string? after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        if (string.IsNullOrWhiteSpace(device))
        {
            return ApiProblems.BadRequest("device", "device is required: the id of a device (or of a gateway, for its own sensors), e.g. ?device=dev-01&channel=temp");
        }

        if (string.IsNullOrWhiteSpace(channel))
        {
            return ApiProblems.BadRequest("channel", "channel is required (telemetry is stored per channel), e.g. ?device=dev-01&channel=temp");
        }

        if (device.Length > 64 || !IsKnownSource(api.Registry, device))
        {
            return ApiProblems.NotFound($"no device or gateway \"{ApiQuery.Clip(device)}\" is registered; GET /api/nodes lists the nodes the coordinator knows");
        }

        if (channel.Length > 64)
        {
            return ApiProblems.BadRequest("channel", $"channel \"{ApiQuery.Clip(channel)}\" is longer than 64 characters");
        }

        var chosen = string.IsNullOrEmpty(format) ? FromAccept(context.Request) : format.ToLowerInvariant() switch
        {
            "json" => TelemetryFormat.Json,
            "csv" => TelemetryFormat.Csv,
            SenmlMediaTypes.JsonFormat => TelemetryFormat.SenmlJson,
            SenmlMediaTypes.CborFormat => TelemetryFormat.SenmlCbor,
            _ => (TelemetryFormat?)null,
        };
        if (chosen is not { } kind)
        {
            return ApiProblems.BadRequest("format", $"format must be json, csv, senml-json or senml-cbor, got \"{ApiQuery.Clip(format!)}\"");
        }

        if (ApiQuery.Time("from", from, 0, out var fromMs) is { } badFrom)
        {
            return badFrom;
        }

        if (ApiQuery.Time("to", to, long.MaxValue, out var toMs) is { } badTo)
        {
            return badTo;
        }

        if (ApiQuery.Int("limit", limit, DefaultLimit, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        if (ApiQuery.Time("after", after, long.MinValue, out var afterMs) is { } badAfter)
        {
            return badAfter;
        }

        if (fromMs >= toMs)
        {
            return ApiProblems.BadRequest("to", $"to ({Describe(toMs)}) must be after from ({Describe(fromMs)})");
        }

        var start = afterMs == long.MinValue ? fromMs : Math.Max(fromMs, afterMs == long.MaxValue ? long.MaxValue : afterMs + 1);
        var page = await TelemetryPage.ReadAsync(api.Telemetry, device, channel, start, toMs, take, cancellationToken).ConfigureAwait(false);
        if (page.Next is { } next)
        {
            var nextUrl = NextUrl(context.Request, next);
            context.Response.Headers[NextAfterHeader] = next.ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.Link = $"<{nextUrl}>; rel=\"next\"";
        }

        context.Response.Headers.Vary = "Accept";
        return kind switch
        {
            TelemetryFormat.Csv => TypedResults.Text(TelemetryCsv.Write(page.Points), TelemetryCsv.MediaType, Encoding.UTF8),
            TelemetryFormat.SenmlJson => TypedResults.Bytes(SenmlJson.Write(TelemetrySenml.ToPack(device, channel, page.Points)), SenmlMediaTypes.Json),
            TelemetryFormat.SenmlCbor => TypedResults.Bytes(SenmlCbor.Write(TelemetrySenml.ToPack(device, channel, page.Points)), SenmlMediaTypes.Cbor),
            _ => TypedResults.Ok(new TelemetryPageView(device, channel, fromMs, toMs, [.. page.Points.Select(TelemetryPointView.Of)], page.Next)),
        };
    }

    /// <summary>The format the <c>Accept</c> header prefers (highest quality first, then order); JSON when none is named.</summary>
    private static TelemetryFormat FromAccept(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept;
        if (accepted is null || accepted.Count == 0)
        {
            return TelemetryFormat.Json;
        }

        foreach (var media in accepted.OrderByDescending(m => m.Quality ?? 1.0))
        {
            if (media.Quality == 0)
            {
                continue;
            }

            switch (media.MediaType.Value?.ToLowerInvariant())
            {
                case SenmlMediaTypes.Json: return TelemetryFormat.SenmlJson;
                case SenmlMediaTypes.Cbor: return TelemetryFormat.SenmlCbor;
                case "text/csv": return TelemetryFormat.Csv;
                case "application/json" or "*/*" or "application/*": return TelemetryFormat.Json;
            }
        }

        return TelemetryFormat.Json;
    }

    private static bool IsKnownSource(FleetRegistry registry, string source) =>
        registry.FindDevice(source, out _) != RegistryLookup.Unknown || registry.FindGateway(source, out _) != RegistryLookup.Unknown;

    private static string NextUrl(HttpRequest request, long next)
    {
        var query = request.Query.Where(q => !string.Equals(q.Key, "after", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("after", (string?)next.ToString(CultureInfo.InvariantCulture)));
        return request.PathBase + request.Path + QueryString.Create(query);
    }

    private static string Describe(long ms) =>
        ms >= -62_135_596_800_000 && ms <= 253_402_300_799_999
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("O", CultureInfo.InvariantCulture)
            : ms.ToString(CultureInfo.InvariantCulture);
}
