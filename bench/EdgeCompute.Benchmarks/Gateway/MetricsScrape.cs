using System.Globalization;
using System.Text.RegularExpressions;
using EdgeCompute.Gateway.Metrics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// <c>--metrics on</c>: the gateway's meter over the bench gateway's parts, an OpenTelemetry meter provider with the
/// Prometheus exporter on a loopback port, and a scraper that reads it once a second (Prometheus scrapes every 15 to
/// 60 s; once a second is the harsher case). The last scrape, after the run, must count every stored frame.
/// </summary>
internal sealed partial class MetricsScrape : IAsyncDisposable
{
    private readonly GatewayMetrics _metrics;
    private readonly MeterProvider _provider;
    private readonly HttpClient _http = new();
    private readonly Uri _url;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _scrapes;

    private MetricsScrape(string gatewayId, BenchGateway gateway)
    {
        _metrics = new GatewayMetrics(gatewayId, gateway.Outbox!, gateway.Ingest!, gateway.Broker!, gateway.Uplink, dispatcher: null);
        var port = LoopbackPort.Next();
        _url = new Uri($"http://127.0.0.1:{port}/metrics");
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(GatewayMetrics.MeterName)
            .AddPrometheusHttpListener(o =>
            {
                o.Host = "127.0.0.1";
                o.Port = port;
            })
            .Build();
        _loop = Task.Run(LoopAsync);
    }

    public int Scrapes => Volatile.Read(ref _scrapes);

    public static MetricsScrape Start(string gatewayId, BenchGateway gateway) => new(gatewayId, gateway);

    /// <summary>Stops the once-a-second scrapes and scrapes once more after the exporter's cache expired: the frames stored it reports.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await Task.Delay(TimeSpan.FromSeconds(1));
        var text = await _http.GetStringAsync(_url);
        Interlocked.Increment(ref _scrapes);
        var stored = StoredLine().Match(text);
        return stored.Success ? long.Parse(stored.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
        }

        _provider.Dispose();
        _metrics.Dispose();
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                _ = await _http.GetStringAsync(_url, _stop.Token);
                Interlocked.Increment(ref _scrapes);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
        }
    }

    [GeneratedRegex("""^edgecompute_gateway_ingest_messages_total\{[^}]*outcome="stored"[^}]*\} (\d+)""", RegexOptions.Multiline)]
    private static partial Regex StoredLine();
}
