using System.Net;
using EdgeCompute.Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace EdgeCompute.Gateway.Service.Monitoring;

/// <summary>
/// The monitoring listener, a small Kestrel app of its own beside the gateway (started after the node, stopped before
/// it): <c>GET /metrics</c> — the <see cref="GatewayMetrics.MeterName"/> instruments in Prometheus text format, by the
/// OpenTelemetry exporter; <c>GET /healthz</c> — 200 while the node runs (<see cref="GatewayLiveness"/>), else 503;
/// <c>GET /readyz</c> — 200 when the device broker listens and the outbox takes writes, else 503, with the uplink
/// state in the body either way (an uplink outage is reported, never unready).
/// </summary>
internal sealed class GatewayMonitoringServer(IOptions<MonitoringOptions> options, GatewayWorker worker, GatewayLiveness liveness, ILogger<GatewayMonitoringServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Gets the address it listens on (after start; null when off).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        // No appsettings.json of its own, and above all no watch on them: reloadOnChange puts a recursive inotify watch on
        // the content root (the working directory), and every SQLite write under it (the outbox, the local store) then
        // wakes this process once more.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(settings.BindAddress), settings.Port));
        var meter = worker.Node?.Metrics.Meter;
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(GatewayMetrics.MeterName)
            .AddView(instrument => ReferenceEquals(instrument.Meter, meter) ? null : MetricStreamConfiguration.Drop) // this node's, not another in the process
            .AddPrometheusExporter());
        var app = builder.Build();
        app.MapPrometheusScrapingEndpoint("/metrics");
        app.MapGet("/healthz", () => liveness.IsAlive
            ? Results.Text("alive\n", "text/plain")
            : Results.Text("not running\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable));
        app.MapGet("/readyz", () =>
        {
            var readiness = worker.Node?.Readiness();
            var body = new
            {
                ready = readiness?.IsReady ?? false,
                running = readiness?.Running ?? false,
                deviceBroker = readiness?.DeviceBrokerListening == true ? "listening" : "down",
                outbox = readiness?.OutboxWritable == true ? "writable" : "refusing writes",
                uplink = readiness?.UplinkConnected == true ? "connected" : "disconnected (data waits in the outbox)",
            };
            return Results.Json(body, statusCode: body.ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Monitoring must never keep the gateway from taking data: said once, and the gateway runs without it.
            logger.LogWarning("Monitoring not started: {Address}:{Port} cannot be bound ({Reason}); set MonitoringOptions:Port", settings.BindAddress, settings.Port, e.Message);
            await app.DisposeAsync().ConfigureAwait(false);
            return;
        }

        _app = app;
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        Address = bound is null ? null : new Uri(bound);
        logger.LogInformation("Monitoring on {Address}: /metrics, /healthz, /readyz", Address);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
