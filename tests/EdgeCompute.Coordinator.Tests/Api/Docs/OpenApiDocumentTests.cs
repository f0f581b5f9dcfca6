using System.Text.Json;
using System.Text.RegularExpressions;
using EdgeCompute.Coordinator.Api.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeCompute.Coordinator.Tests.Api.Docs;

/// <summary>
/// The served OpenAPI document against the app's own endpoints: every endpoint under <c>/api</c> is in it with a typed
/// schema for each answer and body, problems for its errors, and the bearer requirement exactly where a token is needed.
/// </summary>
public sealed partial class OpenApiDocumentTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Document_covers_every_api_endpoint_with_typed_schemas()
    {
        await using var world = await ApiWorld.CreateAsync();
        var document = await ApiWorld.JsonOf(await world.GetAsync("/openapi/v1.json"));
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        var paths = document.GetProperty("paths");
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var endpoints = ApiEndpoints(world);
        Assert.True(endpoints.Count >= 13, $"only {endpoints.Count} endpoints found");
        var failures = new List<string>();
        foreach (var (pattern, method, endpoint) in endpoints)
        {
            var name = $"{method} {pattern}";
            if (!paths.TryGetProperty(pattern, out var path) || !path.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                failures.Add($"{name}: not in the document");
                continue;
            }

            failures.AddRange(Check(name, operation, endpoint, schemas));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Document_lists_no_endpoint_the_app_does_not_serve()
    {
        await using var world = await ApiWorld.CreateAsync();
        var document = await ApiWorld.JsonOf(await world.GetAsync("/openapi/v1.json"));
        var served = ApiEndpoints(world).Select(e => $"{e.Method} {e.Pattern}").ToHashSet(StringComparer.Ordinal);
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                Assert.Contains($"{operation.Name.ToUpperInvariant()} {path.Name}", served);
            }
        }
    }

    [Fact]
    public async Task Reference_page_loads_only_local_assets()
    {
        await using var world = await ApiWorld.CreateAsync();
        using var first = await world.GetAsync("/api/docs");
        var location = first.Headers.Location is { } moved ? new Uri(new Uri("http://localhost/api/docs"), moved).PathAndQuery : "/api/docs";
        using var page = await world.GetAsync(location);
        var html = await page.Content.ReadAsStringAsync(Ct);
        Assert.True(page.IsSuccessStatusCode, html);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var references = SourceAttribute().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, url => Assert.False(Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https",
            $"the page loads {url} from outside"));
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);

        // The bundled script knows outside hosts only for features this page turns off: web fonts, telemetry, the agent, a proxy.
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
        Assert.Contains("\"telemetry\":false", html, StringComparison.Ordinal);
        Assert.DoesNotContain("proxyUrl", html, StringComparison.Ordinal);

        // The page's source is resolved against the site's root (scalar.aspnetcore.js): the served document.
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);
        foreach (var url in references)
        {
            using var asset = await world.GetAsync(new Uri(new Uri("http://localhost/api/docs/"), url).PathAndQuery);
            Assert.True(asset.IsSuccessStatusCode, $"{url}: {(int)asset.StatusCode}");
        }
    }

    private static List<(string Pattern, string Method, Endpoint Endpoint)> ApiEndpoints(ApiWorld world) =>
        [.. world.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.StartsWith("/api/", StringComparison.Ordinal) && !raw.StartsWith("/api/docs", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (e.RoutePattern.RawText!, m, (Endpoint)e)))];

    private static IEnumerable<string> Check(string name, JsonElement operation, Endpoint endpoint, JsonElement schemas)
    {
        if (!operation.TryGetProperty("operationId", out _))
        {
            yield return $"{name}: no operationId";
        }

        var responses = operation.GetProperty("responses");
        var successes = responses.EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
        if (successes.Count == 0)
        {
            yield return $"{name}: no success response";
        }

        foreach (var response in successes.Where(_ => !name.StartsWith("HEAD", StringComparison.Ordinal))) // a HEAD answer has no body
        {
            if (!response.Value.TryGetProperty("content", out var content))
            {
                yield return $"{name} {response.Name}: no content";
                continue;
            }

            foreach (var media in content.EnumerateObject())
            {
                if (Untyped(media.Value, media.Name, schemas) is { } why)
                {
                    yield return $"{name} {response.Name} {media.Name}: {why}";
                }
            }
        }

        foreach (var response in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
        {
            if (!response.Value.TryGetProperty("content", out var content) || !content.TryGetProperty("application/problem+json", out var problem)
                || !Ref(problem.GetProperty("schema")).EndsWith("/ProblemDetails", StringComparison.Ordinal))
            {
                yield return $"{name} {response.Name}: not a ProblemDetails";
            }
        }

        if (!responses.TryGetProperty("429", out _))
        {
            yield return $"{name}: the rate limit's 429 is not documented";
        }

        var token = endpoint.Metadata.GetMetadata<ApiTokenRequirement>();
        var secured = operation.TryGetProperty("security", out var security) && security.EnumerateArray().Any(s => s.TryGetProperty("bearer", out _));
        if (secured != (token is not null))
        {
            yield return $"{name}: bearer requirement {(secured ? "present" : "missing")} but the endpoint {(token is null ? "is public" : "needs a token")}";
        }

        if (token is not null && !(responses.TryGetProperty("401", out _) && responses.TryGetProperty("403", out _)))
        {
            yield return $"{name}: needs a token but documents no 401/403";
        }

        if (name.StartsWith("POST", StringComparison.Ordinal))
        {
            if (!operation.TryGetProperty("requestBody", out var body) || !body.GetProperty("content").TryGetProperty("application/json", out var json))
            {
                yield return $"{name}: no JSON request body";
            }
            else if (Untyped(json, "application/json", schemas) is { } why)
            {
                yield return $"{name} request body: {why}";
            }
        }
    }

    /// <summary>Why a media type's schema is not typed, or null: JSON must reference a component schema with members; anything else is binary or text.</summary>
    private static string? Untyped(JsonElement media, string mediaType, JsonElement schemas)
    {
        if (!media.TryGetProperty("schema", out var schema))
        {
            return "no schema";
        }

        if (mediaType != "application/json")
        {
            var resolved = Ref(schema) is { Length: > 0 } named ? schemas.GetProperty(named[(named.LastIndexOf('/') + 1)..]) : schema;
            return resolved.TryGetProperty("type", out var t) && t.GetString() == "string" ? null : "not a string or binary schema";
        }

        var target = schema.TryGetProperty("items", out var items) ? items : schema;
        var reference = Ref(target);
        if (reference.Length == 0)
        {
            return "no $ref to a named schema (an untyped object)";
        }

        var component = schemas.GetProperty(reference[(reference.LastIndexOf('/') + 1)..]);
        return component.TryGetProperty("properties", out var properties) && properties.EnumerateObject().Any()
            || component.TryGetProperty("oneOf", out var oneOf) && oneOf.GetArrayLength() > 0
            ? null
            : $"{reference} has no members";
    }

    private static string Ref(JsonElement schema) => schema.TryGetProperty("$ref", out var r) ? r.GetString()! : "";

    [GeneratedRegex("(?:src|href)\\s*=\\s*\"(?<url>[^\"]+)\"")]
    private static partial Regex SourceAttribute();
}
