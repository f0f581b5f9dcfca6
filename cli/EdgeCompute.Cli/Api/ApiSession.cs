using System.Globalization;
using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Client;
using EdgeCompute.Client.Errors;
using EdgeCompute.Cli.Tls;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// The CLI's one way to the coordinator's HTTP API: an <see cref="EdgeComputeClient"/> (timeouts, safe retries, typed
/// answers) whose failures become one <c>error:</c> line. A problem answer becomes <c>error: &lt;title&gt;: &lt;detail&gt;</c>
/// with exit 1 (401/403 with a hint about <c>--token</c>, 402 with the deposit that covers the fee); an unreachable
/// coordinator is exit 1 naming <c>--api</c>. An <c>https://</c> API's certificate is checked with <see cref="ServerCertificateCheck"/>
/// against <c>--ca</c> (else the system's roots); a refused one is exit 1 naming the cause in one line.
/// </summary>
internal sealed class ApiSession : IDisposable
{
    private readonly Endpoint _api;

    private readonly ServerCertificateCheck? _tls;
    private readonly bool _caGiven;

    private ApiSession(Endpoint api, string? token, TimeProvider time, FileInfo? ca)
    {
        _api = api;
        _caGiven = ca is not null;
        if (ca is not null && !api.UsesTls)
        {
            throw CommandFailedException.Usage($"--ca needs --api https://, not {api.Url}");
        }

        // An https:// API's certificate is checked as every TLS client here checks its server's: against --ca only when given.
        _tls = api.UsesTls ? new ServerCertificateCheck(api.Host, api.Port, ca is null ? null : TlsFileOptions.ReadTrust(ca), ca is null ? null : $"the CA in {ca.FullName}") : null;
        Client = new EdgeComputeClient(
            new EdgeComputeClientOptions { BaseAddress = new Uri(api.Url), Token = token, Timeout = TimeSpan.FromSeconds(100), MaxAttempts = 3, TimeProvider = time },
            HandlerFactory?.Invoke() ?? Handler(_tls));
    }

    /// <summary>Gets or sets the handler every client is made with (null: real sockets); tests set it.</summary>
    public static Func<HttpMessageHandler>? HandlerFactory { get; set; }

    /// <summary>Gets the client.</summary>
    public EdgeComputeClient Client { get; }

    /// <summary>Opens a session.</summary>
    /// <param name="api">The coordinator's address.</param>
    /// <param name="token">A bearer token, or null.</param>
    /// <param name="context">The process context (its clock paces waits and retries).</param>
    /// <param name="ca">--ca: the CA an <c>https://</c> API's certificate must chain to; null for the system's roots.</param>
    /// <returns>The session.</returns>
    /// <exception cref="CommandFailedException">--ca without an https:// API (exit 2), or an unusable CA file (exit 78).</exception>
    public static ApiSession Open(Endpoint api, string? token, CliContext context, FileInfo? ca = null) => new(api, token, context?.Time ?? TimeProvider.System, ca);

    /// <summary>Makes one call; its failure becomes the command's error line.</summary>
    /// <typeparam name="T">The answer.</typeparam>
    /// <param name="call">The call.</param>
    /// <returns>The answer.</returns>
    public async Task<T> CallAsync<T>(Func<EdgeComputeClient, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call(Client).ConfigureAwait(false);
        }
        catch (ApiProblemException e)
        {
            throw CommandFailedException.Failure($"{e.Problem.Title}: {e.Problem.Detail}{Hint(e)}");
        }
        catch (ApiTransportException e) when (_tls?.LastRefusal is { } refusal)
        {
            throw CommandFailedException.Failure($"--api {_api.Url}: {refusal.Message}{(refusal.Reason == TlsRefusalReason.UntrustedIssuer && !_caGiven ? "; give --ca FILE (the fleet's ca.pem) for a coordinator with a certificate from 'provision tls'" : "")}", e);
        }
        catch (ApiTransportException e)
        {
            throw CommandFailedException.Failure(e.TimedOut
                ? $"--api {_api.Url}: no answer within {Client.Options.Timeout.TotalSeconds:0} s ({e.Attempts} attempts)"
                : $"--api {_api.Url}: cannot reach the coordinator ({e.Attempts} attempts): {e.InnerException?.Message}");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw CommandFailedException.Failure($"the API at {_api.Url} answered something other than the expected JSON: {e.Message}");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Client.Dispose();

    private static SocketsHttpHandler? Handler(ServerCertificateCheck? tls) => tls is null ? null : new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = new System.Net.Security.SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = tls.Validate,
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        },
    };

    private static string Hint(ApiProblemException e) => e.Status switch
    {
        401 => " (give an owner's API token with --token or EDGECOMPUTE_API_TOKEN; it is the owner's apiToken in coordinator.json or the owner's file)",
        403 => " (this --token may not do that: use the token of the owner concerned)",
        402 when e.Problem.Long("balance") is { } have && e.Problem.Long("fee") is { } need => string.Create(CultureInfo.InvariantCulture,
            $"; the balance of {e.Problem.String("owner") ?? "OWNER"} is {have} micro-units, the job's escrow {need}. Fund it on the coordinator's machine: edgecompute ledger deposit --fleet DIR --owner {e.Problem.String("owner") ?? "OWNER"} --amount {Math.Max(need - have, 1)} --reference REF"),
        429 => $" (too many requests; try again{(e.RetryAfter is { } after ? $" in {after.TotalSeconds:0} s" : " later")})",
        503 => $" (the coordinator's database is not reachable; try again{(e.RetryAfter is { } after ? $" in {after.TotalSeconds:0} s" : " later")})",
        _ => "",
    };
}
