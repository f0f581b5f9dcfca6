using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EdgeCompute.Coordinator.Api;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Benchmarks.Coordinator;

/// <summary>
/// <c>coordinator-ingest --metrics on</c>: a replica's meter as the service creates it (<see cref="CoordinatorMetrics"/> over its
/// stores, ingestor, work counters and node directory), served on <c>/metrics</c> by the coordinator's own API mapping on
/// loopback and scraped once a second until disposed (Prometheus scrapes every 15–60 s); each scrape reads the stores'
/// figures first, as the service's does.
/// </summary>
internal sealed partial class BenchMetricsScraper : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly CoordinatorMetrics _metrics;
    private readonly WebApplication _app;
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private BenchMetricsScraper(CoordinatorMetrics metrics, WebApplication app, HttpClient http)
    {
        _metrics = metrics;
        _app = app;
        _http = http;
        _loop = Task.Run(LoopAsync);
    }

    public int Scrapes { get; private set; }

    public static async Task<BenchMetricsScraper> StartAsync(BenchReplica replica, EpochPolicy epochs, TimeProvider time, CancellationToken cancellationToken)
    {
        var metrics = new CoordinatorMetrics(replica.Stores, replica.Ingestor, replica.Engine.Counters, replica.Nodes);
        var api = new CoordinatorApiServices(replica.Registry, replica.Engine, replica.Nodes, replica.Stores.Work, replica.Stores.Telemetry, replica.Stores.Ledger,
            new EpochClock(epochs, time), time) { Metrics = metrics };
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] }); // no watch on the working directory
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddCoordinatorApi(api);
        var app = builder.Build();
        app.UseCoordinatorApi();
        app.MapCoordinatorApi();
        await app.StartAsync(cancellationToken);
        return new BenchMetricsScraper(metrics, app, new HttpClient { BaseAddress = new Uri(app.Urls.Single()) });
    }

    /// <summary>One scrape now: the Prometheus text.</summary>
    public async Task<string> ScrapeAsync(CancellationToken cancellationToken)
    {
        var text = await _http.GetStringAsync("/metrics", cancellationToken);
        Scrapes++;
        return text;
    }

    /// <summary>The value of the first sample of <paramref name="name"/> whose labels contain <paramref name="labels"/>, or 0.</summary>
    public static double Value(string scrape, string name, string labels = "")
    {
        foreach (Match match in SampleLine().Matches(scrape))
        {
            if (match.Groups["name"].Value == name && match.Groups["labels"].Value.Contains(labels, StringComparison.Ordinal))
            {
                return double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
        _metrics.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(Interval, _stop.Token);
            await ScrapeAsync(_stop.Token);
        }
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>[0-9.eE+-]+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}
