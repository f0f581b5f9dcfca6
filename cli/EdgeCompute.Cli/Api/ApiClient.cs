using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// A small client of the coordinator's HTTP API (coordinator/EdgeCompute.Coordinator/Api/README.md). A problem answer
/// becomes <c>error: &lt;title&gt;: &lt;detail&gt;</c> with exit 1 (401/403 with a hint about <c>--token</c>); an unreachable
/// coordinator is exit 1 naming <c>--api</c>.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Endpoint _api;

    /// <summary>Creates the client.</summary>
    /// <param name="api">The coordinator's address.</param>
    /// <param name="token">A bearer token, or null.</param>
    /// <param name="handler">The message handler (tests pass their own); a new socket handler when null.</param>
    public ApiClient(Endpoint api, string? token, HttpMessageHandler? handler = null)
    {
        _api = api;
        _http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: true) { BaseAddress = new Uri(api.Url), Timeout = TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>Gets or sets the handler every client is made with (null: real sockets); tests set it.</summary>
    public static Func<HttpMessageHandler>? HandlerFactory { get; set; }

    /// <summary>Makes a client.</summary>
    /// <param name="api">The coordinator's address.</param>
    /// <param name="token">A bearer token, or null.</param>
    /// <returns>The client.</returns>
    public static ApiClient Create(Endpoint api, string? token) => new(api, token, HandlerFactory?.Invoke());

    /// <summary>GETs a JSON document.</summary>
    /// <param name="path">The path and query, such as <c>/api/jobs/x</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document.</returns>
    public async Task<JsonDocument> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>POSTs a JSON body and reads the JSON answer.</summary>
    /// <param name="path">The path.</param>
    /// <param name="json">The body.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The document.</returns>
    public async Task<JsonDocument> PostJsonAsync(string path, string json, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>GETs a response whose body the caller reads (CSV, PNG); a problem answer throws.</summary>
    /// <param name="path">The path and query.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The successful response; dispose it.</returns>
    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                throw CommandFailedException.Failure($"the API answered {response.RequestMessage?.RequestUri} with something other than JSON: {e.Message}");
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            using (request)
            {
                response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException e)
        {
            throw CommandFailedException.Failure($"--api {_api.Url}: cannot reach the coordinator: {e.Message}");
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw CommandFailedException.Failure($"--api {_api.Url}: no answer within {_http.Timeout.TotalSeconds:0} s: {e.Message}");
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<CommandFailedException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string title = response.ReasonPhrase ?? $"HTTP {status}", detail = $"HTTP {status}", hint = "";
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = problem.RootElement;
                title = root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : title;
                detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : detail;
                hint = FundingHint(root);
            }
        }
        catch (JsonException)
        {
            detail = text.Length is > 0 and < 500 ? text.Trim() : detail;
        }

        hint += response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => " (give an owner's API token with --token or EDGECOMPUTE_API_TOKEN; it is the owner's apiToken in coordinator.json)",
            HttpStatusCode.Forbidden => " (this --token may not do that: use the token of the owner concerned)",
            HttpStatusCode.ServiceUnavailable => $" (the coordinator's database is not reachable; try again{(response.Headers.RetryAfter?.Delta is { } after ? $" in {after.TotalSeconds:0} s" : " later")})",
            _ => "",
        };
        return CommandFailedException.Failure($"{title}: {detail}{hint}");
    }

    /// <summary>For an insufficient-funds problem: the balance and the deposit that would cover the fee.</summary>
    private static string FundingHint(JsonElement problem)
    {
        if (!(problem.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == EdgeCompute.Coordinator.Api.Http.ApiProblemTypes.InsufficientFunds
            && problem.TryGetProperty("balance", out var balance) && balance.TryGetInt64(out var have)
            && problem.TryGetProperty("fee", out var fee) && fee.TryGetInt64(out var need)))
        {
            return "";
        }

        var owner = problem.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString()! : "OWNER";
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"; the balance of {owner} is {have} micro-units, the fee {need}. Fund it on the coordinator's machine: edgecompute ledger deposit --fleet DIR --owner {owner} --amount {Math.Max(need - have, 1)} --reference REF");
    }
}
