using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EdgeCompute.Coordinator.Api;
using EdgeCompute.Coordinator.Api.Limits;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Epochs;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Tests.UseCases;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Sequencing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tests.Api;

/// <summary>
/// The coordinator API on an in-process test server over a <see cref="WorkWorld"/> (real SQLite work and ledger stores,
/// a real work engine, a fake clock) and a real SQLite telemetry store in a temp folder. Fails the test if anything
/// logged an error (an unhandled exception behind a 500, for one).
/// </summary>
internal sealed class ApiWorld : IAsyncDisposable
{
    public const string OperatorToken = "operator-0123456789abcdef0123456789abcdef";

    private readonly string _folder = Directory.CreateTempSubdirectory("edgecompute-api-").FullName;
    private readonly ErrorLog _errors = new();
    private WebApplication _app = null!;
    private uint _batchSeq;

    private ApiWorld(WorkWorld work) => Work = work;

    public static EpochPolicy Policy { get; } = new()
    {
        Genesis = DateTimeOffset.FromUnixTimeMilliseconds(WorkWorld.T0),
        EpochLength = TimeSpan.FromHours(1),
        EmissionPerEpoch = 1_000_000,
        OwnerShareCapBasisPoints = 10_000,
        DataRewardCapPerDevice = long.MaxValue,
    };

    public WorkWorld Work { get; }

    /// <summary>Gets the ledger auditor the API shows.</summary>
    public LedgerAuditor Auditor { get; private set; } = null!;

    public SqliteTelemetryStore Telemetry { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    /// <summary>Gets the host's services (its endpoint data source, for one).</summary>
    public IServiceProvider Services => _app.Services;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The server's address when it listens on a loopback socket (<c>listen: true</c>, for a browser), else null.</summary>
    public Uri? Address { get; private set; }

    public static async Task<ApiWorld> CreateAsync(int seed = 1, string? operatorToken = OperatorToken, Action<ApiLimitsOptions>? limits = null, bool listen = false,
        long blobQuotaBytes = EdgeCompute.Coordinator.Domain.Blobs.BlobLimits.DefaultQuotaBytes)
    {
        var world = new ApiWorld(await WorkWorld.CreateAsync(seed));
        world.Telemetry = await SqliteTelemetryStore.OpenAsync(Path.Combine(world._folder, "telemetry.db"), Ct);
        var services = new CoordinatorApiServices(world.Work.Registry, world.Work.UseCases, world.Work.Nodes, world.Work.Store, world.Telemetry, world.Work.Ledger,
            new EpochClock(Policy, world.Work.Clock), world.Work.Clock, operatorToken)
        {
            Blobs = world.Work.Blobs,
            BlobQuotaBytes = blobQuotaBytes,
            LedgerAudits = world.Auditor = new LedgerAuditor(world.Work.Ledger, P256Keys.ImportPublicKey(world.Work.Registry.CoordinatorPublicKey), world.Work.Clock,
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance),
        };

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        if (listen)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(world._errors);
        builder.Services.AddCoordinatorApi(services);
        if (limits is not null)
        {
            builder.Services.Configure(limits);
        }

        world._app = builder.Build();
        world._app.UseCoordinatorApi();
        world._app.MapCoordinatorApi();
        EdgeCompute.Coordinator.Dashboard.DashboardEndpoints.MapDashboard(world._app);
        await world._app.StartAsync(Ct);
        if (listen)
        {
            world.Address = new Uri(world._app.Urls.Single());
            world.Client = new HttpClient { BaseAddress = world.Address };
        }
        else
        {
            world.Client = world._app.GetTestClient();
        }

        return world;
    }

    public string Owner(int index) => Work.Owner(index);

    /// <summary>A handler that sends requests to the in-process server (for clients that make their own <see cref="HttpClient"/>).</summary>
    public HttpMessageHandler CreateHandler() => _app.GetTestServer().CreateHandler();

    public string TokenOf(string owner) => Work.Registry.Owners[owner].ApiToken;

    public EpochSettlement Settlement() => new(Policy, Work.Clock, Work.Registry, Work.Ledger, Work.Store, Telemetry);

    public Task<HttpResponseMessage> GetAsync(string url, string? token = null) => SendAsync(HttpMethod.Get, url, token);

    public Task<HttpResponseMessage> PostAsync(string url, string body, string? token = null) => SendAsync(HttpMethod.Post, url, token, body);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? token = null, string? body = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await Client.SendAsync(request, Ct);
    }

    public static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Reads a problem response: checks the status and the problem media type, returns the body.</summary>
    public static async Task<JsonElement> ProblemOf(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("urn:edgecompute:problem:", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>Commits one gateway batch holding one frame per point (device, channel, time, mean), as batch ingest would.</summary>
    public async Task<BatchCommitResult> StoreTelemetryAsync(string device, string channel, IEnumerable<(long TimeMs, long Mean)> points, string unit = "Cel",
        ulong? batchSeq = null)
    {
        var seq = batchSeq ?? ++_batchSeq;
        var frames = points.Select((p, i) => new TelemetryFrameRecord(device, 1, (uint)((seq * 10_000) + (ulong)i), PayloadHash.Of([.. BitConverter.GetBytes(seq), (byte)i]), 1,
            p.TimeMs, 6, [new TelemetryPoint(device, channel, unit, -2, p.TimeMs, 60_000, 6, p.Mean - 20, p.Mean + 20, p.Mean, 9)])).ToList();
        return await Telemetry.CommitBatchAsync(new TelemetryBatch("gw-01", 1, seq, PayloadHash.Of(BitConverter.GetBytes(seq)), WorkWorld.T0, frames, [], 0, [], []), Ct);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(Ct);
        await _app.DisposeAsync();
        await Telemetry.DisposeAsync();
        await Work.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }

        Assert.True(_errors.Entries.IsEmpty, "errors were logged:\n" + string.Join("\n", _errors.Entries));
    }

    /// <summary>Keeps every error logged by the host.</summary>
    private sealed class ErrorLog : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Entries.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
            }
        }

        public void Dispose()
        {
        }
    }
}
