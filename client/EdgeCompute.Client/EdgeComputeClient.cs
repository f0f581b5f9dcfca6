using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeCompute.Client.Accounts;
using EdgeCompute.Client.Epochs;
using EdgeCompute.Client.Errors;
using EdgeCompute.Client.Fleet;
using EdgeCompute.Client.Http;
using EdgeCompute.Client.Jobs;
using EdgeCompute.Client.Nodes;
using EdgeCompute.Client.Proofs;
using EdgeCompute.Client.Session;
using EdgeCompute.Client.Stats;
using EdgeCompute.Client.Telemetry;

namespace EdgeCompute.Client;

/// <summary>
/// A typed client of the coordinator's HTTP API (its OpenAPI document: <c>/openapi/v1.json</c>). Every call has a
/// timeout per attempt and is retried on transient failures; every call is safe to retry: reads, a submit (which always
/// carries a job id, minted here when the caller gives none, so a retry can never be charged twice) and a deposit
/// (idempotent on its reference). A problem answer throws <see cref="ApiProblemException"/> with the problem; no answer
/// throws <see cref="ApiTransportException"/>.
/// </summary>
public sealed partial class EdgeComputeClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ApiTransport _transport;

    /// <summary>Creates a client with its own connection pool (or over <paramref name="handler"/>, which it then owns).</summary>
    /// <param name="options">Address, token, timeouts and retries.</param>
    /// <param name="handler">The message handler; a new <see cref="SocketsHttpHandler"/> when null (trusting <see cref="EdgeComputeClientOptions.TrustedCertificateAuthorities"/> when set).</param>
    public EdgeComputeClient(EdgeComputeClientOptions options, HttpMessageHandler? handler = null)
        : this(options, new HttpClient(handler ?? Http.PrivateCaTrust.Handler(options?.TrustedCertificateAuthorities), disposeHandler: true), ownsHttp: true)
    {
    }

    /// <summary>Creates a client over an <see cref="HttpClient"/> the caller owns (e.g. from <c>IHttpClientFactory</c>).</summary>
    /// <param name="http">The HTTP client; its base address is set from the options when it has none.</param>
    /// <param name="options">Address, token, timeouts and retries.</param>
    public EdgeComputeClient(HttpClient http, EdgeComputeClientOptions options)
        : this(options, http, ownsHttp: false)
    {
    }

    private EdgeComputeClient(EdgeComputeClientOptions options, HttpClient http, bool ownsHttp)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        options.Validate();
        _http = http;
        _ownsHttp = ownsHttp;
        _http.BaseAddress ??= options.BaseAddress;
        if (ownsHttp)
        {
            _http.Timeout = Timeout.InfiniteTimeSpan; // each attempt has its own timeout
        }

        Options = options;
        _transport = new ApiTransport(_http, options);
    }

    /// <summary>Gets the options.</summary>
    public EdgeComputeClientOptions Options { get; }

    /// <summary><c>GET /api/health</c>.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The answer.</returns>
    public Task<HealthStatus> GetHealthAsync(CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<HealthStatus>(HttpMethod.Get, "/api/health", null, null, cancellationToken);

    /// <summary><c>GET /api/stats</c>: the network totals.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The totals.</returns>
    public Task<NetworkStats> GetStatsAsync(CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<NetworkStats>(HttpMethod.Get, "/api/stats", null, null, cancellationToken);

    /// <summary><c>GET /api/nodes</c>: one page of the nodes the coordinator's directory knows.</summary>
    /// <param name="query">Filters and paging; null for the first page of every node.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<NodePage> ListNodesAsync(NodeQuery? query = null, CancellationToken cancellationToken = default)
    {
        var path = Query("/api/nodes", ("gateway", query?.Gateway), ("owner", query?.Owner),
            ("online", query?.Online is { } online ? (online ? "true" : "false") : null), ("kind", query?.Kind),
            ("offset", Number(query?.Offset)), ("limit", Number(query?.Limit)), ("after", query?.After));
        return _transport.SendJsonAsync<NodePage>(HttpMethod.Get, path, null, null, cancellationToken);
    }

    /// <summary>
    /// Every node matching <paramref name="query"/>'s filters, page after page, each starting after the last node of the one
    /// before (so a node joining meanwhile shifts nothing); its offset, limit and after are ignored. From a server that pages
    /// by offset only (no <see cref="NodePage.NextAfter"/>), by offset.
    /// </summary>
    /// <param name="query">Filters; null for every node.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The nodes, ordered by id.</returns>
    public async Task<IReadOnlyList<NodeView>> ListAllNodesAsync(NodeQuery? query = null, CancellationToken cancellationToken = default)
    {
        var nodes = new List<NodeView>();
        var next = (query ?? new NodeQuery()) with { Offset = null, Limit = 1000, After = null };
        while (true)
        {
            var page = await ListNodesAsync(next, cancellationToken).ConfigureAwait(false);
            nodes.AddRange(page.Items);
            if (page.NextAfter is { } after)
            {
                next = next with { After = after };
            }
            else if (page.Next is { } offset)
            {
                next = next with { Offset = offset };
            }
            else
            {
                return nodes;
            }
        }
    }

    /// <summary><c>GET /api/fleet</c>: totals, gateways, public map cells and one page of the nodes (what the dashboard shows).</summary>
    /// <param name="query">Filters and paging; null for the first page of every node.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The fleet view.</returns>
    public Task<FleetView> GetFleetAsync(FleetQuery? query = null, CancellationToken cancellationToken = default)
    {
        var parameters = new List<string>();
        if (query?.Gateway is { } gateway)
        {
            parameters.Add("gateway=" + Uri.EscapeDataString(gateway));
        }

        if (query?.Online is { } online)
        {
            parameters.Add("online=" + (online ? "true" : "false"));
        }

        if (query?.Search is { } search)
        {
            parameters.Add("q=" + Uri.EscapeDataString(search));
        }

        if (query?.Offset is { } offset)
        {
            parameters.Add("offset=" + offset.ToString(CultureInfo.InvariantCulture));
        }

        if (query?.Limit is { } limit)
        {
            parameters.Add("limit=" + limit.ToString(CultureInfo.InvariantCulture));
        }

        var path = parameters.Count == 0 ? "/api/fleet" : "/api/fleet?" + string.Join('&', parameters);
        return _transport.SendJsonAsync<FleetView>(HttpMethod.Get, path, null, null, cancellationToken);
    }

    /// <summary><c>GET /api/session</c>: whom the client's token belongs to (anonymous without one).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The session.</returns>
    public Task<SessionView> GetSessionAsync(CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<SessionView>(HttpMethod.Get, "/api/session", null, null, cancellationToken);

    /// <summary><c>GET /api/epochs/policy</c>: the reward policy in force (epoch length, emission, share cap).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The policy.</returns>
    public Task<EpochPolicyView> GetEpochPolicyAsync(CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<EpochPolicyView>(HttpMethod.Get, "/api/epochs/policy", null, null, cancellationToken);

    /// <summary><c>GET /api/pricing</c>: the prices jobs are quoted, escrowed and charged at.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The prices.</returns>
    public Task<Pricing.PricingView> GetPricingAsync(CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<Pricing.PricingView>(HttpMethod.Get, "/api/pricing", null, null, cancellationToken);

    /// <summary><c>GET /api/telemetry</c> as JSON: a page of one device's channel.</summary>
    /// <param name="query">Device, channel, range and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<TelemetryPageView> GetTelemetryAsync(TelemetryQuery query, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<TelemetryPageView>(HttpMethod.Get, TelemetryPath(query, "json"), null, null, cancellationToken);

    /// <summary><c>GET /api/telemetry</c> as CSV or SenML: a page's bytes and the next page's <c>after</c>.</summary>
    /// <param name="query">Device, channel, range and paging.</param>
    /// <param name="format">The format.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<TelemetryExportPage> ExportTelemetryAsync(TelemetryQuery query, TelemetryFormat format, CancellationToken cancellationToken = default)
    {
        var name = format switch
        {
            TelemetryFormat.Csv => "csv",
            TelemetryFormat.SenmlJson => "senml-json",
            TelemetryFormat.SenmlCbor => "senml-cbor",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a telemetry format"),
        };
        return _transport.SendAsync(HttpMethod.Get, TelemetryPath(query, name), null, null, async (response, token) =>
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            long? next = response.Headers.TryGetValues("X-Next-After", out var values)
                && long.TryParse(values.FirstOrDefault(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var after) ? after : null;
            return new TelemetryExportPage(bytes, response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream", next);
        }, cancellationToken);
    }

    /// <summary><c>GET /api/epochs</c>: closed epochs, newest first.</summary>
    /// <param name="before">Only epochs below this id (the previous page's <see cref="EpochPage.Next"/>).</param>
    /// <param name="limit">Page size (1 to 500; 50 when null).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<EpochPage> ListEpochsAsync(long? before = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<EpochPage>(HttpMethod.Get, Query("/api/epochs", ("before", Number(before)), ("limit", Number(limit))), null, null, cancellationToken);

    /// <summary><c>GET /api/epochs/{id}</c>: a closed epoch's signed statement (unchecked: see <see cref="GetVerifiedPayoutAsync"/>).</summary>
    /// <param name="epochId">The epoch.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statement.</returns>
    public Task<EpochStatementView> GetEpochStatementAsync(long epochId, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<EpochStatementView>(HttpMethod.Get, $"/api/epochs/{epochId.ToString(CultureInfo.InvariantCulture)}", null, null, cancellationToken);

    /// <summary><c>GET /api/epochs/{id}/quality</c>: the data quality of each device over a closed epoch (score, failed checks), one page.</summary>
    /// <param name="epochId">The epoch.</param>
    /// <param name="after">Only devices after this id (the previous page's <see cref="EpochQualityPage.Next"/>).</param>
    /// <param name="limit">Page size (1 to 5000; 500 when null).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<EpochQualityPage> GetEpochQualityAsync(long epochId, string? after = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<EpochQualityPage>(HttpMethod.Get,
            Query($"/api/epochs/{epochId.ToString(CultureInfo.InvariantCulture)}/quality", ("after", after), ("limit", Number(limit))), null, null, cancellationToken);

    /// <summary><c>GET /api/epochs/{id}/proofs/{owner}</c>: the inclusion proof of an owner's payout line (needs that owner's token; unchecked).</summary>
    /// <param name="epochId">The epoch.</param>
    /// <param name="owner">The owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The proof.</returns>
    public Task<InclusionProofView> GetPayoutProofAsync(long epochId, string owner, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<InclusionProofView>(HttpMethod.Get, $"/api/epochs/{epochId.ToString(CultureInfo.InvariantCulture)}/proofs/{Segment(owner)}", null, null,
            cancellationToken);

    /// <summary>
    /// Fetches an epoch's statement and an owner's proof and checks them on this side with <paramref name="pinnedPublicKey"/>
    /// (from the owner's file written at provisioning; never the key in the statement): the statement's signature, its
    /// Merkle root, and the owner's line against that root.
    /// </summary>
    /// <param name="epochId">The epoch.</param>
    /// <param name="owner">The owner (the token must be theirs).</param>
    /// <param name="pinnedPublicKey">The coordinator's public key, SubjectPublicKeyInfo base64.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The check: <see cref="PayoutProofCheck.IsValid"/> and the amount, or why not.</returns>
    public async Task<PayoutProofCheck> GetVerifiedPayoutAsync(long epochId, string owner, string pinnedPublicKey, CancellationToken cancellationToken = default)
    {
        var statement = await GetEpochStatementAsync(epochId, cancellationToken).ConfigureAwait(false);
        var proof = await GetPayoutProofAsync(epochId, owner, cancellationToken).ConfigureAwait(false);
        return PayoutProofVerifier.Verify(statement, proof, owner, pinnedPublicKey);
    }

    /// <summary><c>GET /api/ledger/audit</c>: the coordinator's last audit of its ledger (chain, conservation, statements, payouts).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The audit.</returns>
    /// <exception cref="ApiProblemException">404 before the first audit finished.</exception>
    public Task<Ledger.LedgerAuditView> GetLedgerAuditAsync(CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<Ledger.LedgerAuditView>(HttpMethod.Get, "/api/ledger/audit", null, null, cancellationToken);

    /// <summary><c>GET /api/accounts/{owner}</c>: an owner's balance (needs that owner's token).</summary>
    /// <param name="owner">The owner.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The balance.</returns>
    public Task<AccountBalanceView> GetBalanceAsync(string owner, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<AccountBalanceView>(HttpMethod.Get, $"/api/accounts/{Segment(owner)}", null, null, cancellationToken);

    /// <summary><c>GET /api/accounts</c>: one page of every registered owner's balance (the operator token).</summary>
    /// <param name="offset">Where the page starts; null for the first.</param>
    /// <param name="limit">The page size (1–1,000); null for the server's 100.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<AccountPage> ListAccountsAsync(int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<AccountPage>(HttpMethod.Get, Query("/api/accounts", ("offset", Number(offset)), ("limit", Number(limit))), null, null, cancellationToken);

    /// <summary><c>POST /api/deposits</c>: books an operator deposit (the operator token); a repeat of the same reference books nothing again.</summary>
    /// <param name="deposit">The deposit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The booked entry (<see cref="DepositView.Created"/> false when it was booked before).</returns>
    public Task<DepositView> DepositAsync(DepositBody deposit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deposit);
        return _transport.SendJsonAsync<DepositView>(HttpMethod.Post, "/api/deposits", deposit, null, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string Query(string path, params ReadOnlySpan<(string Name, string? Value)> parameters)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (name, value) in parameters)
        {
            if (value is not null)
            {
                builder.Append(separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
                separator = '&';
            }
        }

        return builder.ToString();
    }

    private static string TelemetryPath(TelemetryQuery query, string format)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Query("/api/telemetry", ("device", query.Device), ("channel", query.Channel), ("from", query.From), ("to", query.To), ("format", format),
            ("limit", Number(query.Limit)), ("after", Number(query.After)));
    }
}
