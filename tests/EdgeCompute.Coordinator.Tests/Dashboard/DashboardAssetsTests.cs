using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EdgeCompute.Coordinator.Dashboard;
using EdgeCompute.Coordinator.Tests.Api;

namespace EdgeCompute.Coordinator.Tests.Dashboard;

/// <summary>The dashboard's files: embedded, served with their types, caching and CSP, and referring to nothing outside the coordinator.</summary>
public sealed partial class DashboardAssetsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_and_every_file_are_served_from_the_assembly_with_type_caching_and_policy()
    {
        await using var world = await ApiWorld.CreateAsync();
        Assert.Contains("index.html", DashboardAssets.All.Keys);
        Assert.Contains("app.js", DashboardAssets.All.Keys);
        Assert.Contains("world.svg", DashboardAssets.All.Keys);

        var page = await world.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        foreach (var asset in DashboardAssets.All.Values)
        {
            var response = await world.GetAsync("/dashboard/" + asset.Name);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(asset.ContentType.Split(';')[0], response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(DashboardEndpoints.AssetCaching, response.Headers.CacheControl?.ToString());
            Assert.Equal(asset.ETag, response.Headers.ETag?.ToString());
            Assert.Equal(DashboardEndpoints.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal(asset.Content.ToArray(), await response.Content.ReadAsByteArrayAsync(Ct));

            using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/" + asset.Name);
            again.Headers.TryAddWithoutValidation("If-None-Match", asset.ETag);
            Assert.Equal(HttpStatusCode.NotModified, (await world.Client.SendAsync(again, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await world.GetAsync("/dashboard/missing.js")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.GetAsync("/dashboard/..%2Fapp.js")).StatusCode);
    }

    [Fact]
    public void The_policy_allows_no_inline_script_and_nothing_from_elsewhere()
    {
        var policy = DashboardEndpoints.ContentSecurityPolicy;
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("*", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_script_style_image_and_font_reference_is_local_and_no_script_is_inline()
    {
        var html = Text("index.html");
        var references = Reference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(references);
        foreach (var url in references)
        {
            Assert.True(url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal), $"index.html refers to {url}, which is not on this server");
            var name = url["/dashboard/".Length..];
            Assert.True(url.StartsWith("/dashboard/", StringComparison.Ordinal) && DashboardAssets.All.ContainsKey(name), $"index.html refers to {url}, which is not embedded");
        }

        Assert.All(ScriptTag().Matches(html), m => Assert.Contains("src=", m.Value, StringComparison.Ordinal));
        Assert.DoesNotMatch(EventAttribute(), html);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);

        foreach (var asset in DashboardAssets.All.Values.Where(a => a.ContentType.StartsWith("text/", StringComparison.Ordinal) || a.Name.EndsWith(".svg", StringComparison.Ordinal)))
        {
            var text = Text(asset.Name);
            // the SVG namespace is a name, never fetched; anything else with a scheme would be a request leaving the site
            var external = ExternalUrl().Matches(text).Select(m => m.Value).Where(u => u != "http://www.w3.org/2000/svg").ToList();
            Assert.True(external.Count == 0, $"{asset.Name} refers outside the coordinator: {string.Join(", ", external)}");
            Assert.DoesNotContain("@import", text, StringComparison.Ordinal);
        }

        // text from the API reaches the page only as text nodes
        var script = Text("app.js");
        foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function" })
        {
            Assert.DoesNotContain(sink, script, StringComparison.Ordinal);
        }
    }

    private static string Text(string name) => Encoding.UTF8.GetString(DashboardAssets.All[name].Content.Span);

    [GeneratedRegex("<(?:script|link|img|source|audio|video|iframe|object|embed)\\b[^>]*?\\s(?:src|href)\\s*=\\s*\"(?<url>[^\"]*)\"")]
    private static partial Regex Reference();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("""\son[a-z]+\s*=""")]
    private static partial Regex EventAttribute();

    [GeneratedRegex("""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s"')]*""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();
}
