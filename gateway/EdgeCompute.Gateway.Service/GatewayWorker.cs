using System.Net.Sockets;
using EdgeCompute.Gateway.Bridges;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.Runtime;
using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Service;

/// <summary>
/// Runs one <see cref="GatewayNode"/> for the life of the host. The node starts inside the host's start, so systemd
/// hears <c>READY=1</c> only once the device broker listens, and a node that cannot start (port in use, data folder not
/// writable) fails the host's start; whoever runs the host reports it as one line (<see cref="GatewayStartFailure"/>). While running it logs the
/// counters every <see cref="StatusInterval"/>; the host's stop (cancellation) is a normal shutdown that stops the node.
/// </summary>
internal sealed class GatewayWorker(
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    IServiceProvider services) : BackgroundService
{
    /// <summary>How often the counters are logged.</summary>
    public static readonly TimeSpan StatusInterval = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger = loggerFactory.CreateLogger<GatewayWorker>();

    /// <summary>Gets the running node (null before start and after stop); for tests and diagnostics.</summary>
    public GatewayNode? Node { get; private set; }

    /// <summary>Opens the configured sensors (missing hardware is a warning and that sensor is left out); null without any.</summary>
    private GatewaySensorSet? OpenSensors()
    {
        if (services.GetService(typeof(IOptions<SensorOptions>)) is not IOptions<SensorOptions> sensorOptions
            || services.GetService(typeof(SensorDriverFactory)) is not SensorDriverFactory factory
            || sensorOptions.Value.Sensors.Count == 0)
        {
            return null;
        }

        return new GatewaySensorSet(factory.CreateSensors(sensorOptions.Value), sensorOptions.Value);
    }

    /// <inheritdoc/>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var runner = services.GetService(typeof(IGatewayTaskRunner)) as IGatewayTaskRunner;
        var bridges = services.GetService(typeof(IEnumerable<IGatewayBridge>)) as IEnumerable<IGatewayBridge>;
        var node = GatewayNode.FromFile(settings, time, loggerFactory, runner, OpenSensors(), bridges);
        try
        {
            await node.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or SqliteException or IOException or UnauthorizedAccessException or ProvisioningException)
        {
            // Reported once, by whoever runs the host (RunGatewayAsync for the service, the edgecompute command), naming the setting.
            _logger.LogDebug(e, "Gateway could not start");
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        Node = node;
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (Node is { } node)
        {
            Node = null;
            await node.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(StatusInterval, time, stoppingToken).ConfigureAwait(false);
                if (Node is { } node)
                {
                    LogStatus(node.Counters());
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break; // normal shutdown; StopAsync stops the node
            }
            catch (InvalidOperationException e)
            {
                _logger.LogWarning(e, "Reading the gateway counters failed; carrying on");
            }
        }
    }

    private void LogStatus(GatewayNodeCounters counters)
    {
        var outbox = counters.Outbox;
        _logger.LogInformation(
            "Gateway status: uplink {Connected}, outbox {Pending} items and {Unacked} unacked batches ({Bytes} bytes), evicted {Evicted} frames; ingest: {Ingest}; refusals: {Refusals}; uplink: {Uplink}; dispatch: {Dispatch}; {PendingTasks} tasks pending",
            counters.UplinkConnected ? "connected" : "disconnected",
            outbox.PendingItems,
            outbox.UnackedBatches,
            outbox.Bytes,
            outbox.EvictedFrames,
            CountsText.Format(counters.Ingest),
            CountsText.Format(counters.Refusals),
            CountsText.Format(counters.Uplink),
            CountsText.Format(counters.Dispatch),
            counters.PendingTasks);
        foreach (var bridge in Node?.Bridges ?? [])
        {
            _logger.LogInformation("Bridge {Bridge} status: {Counters}", bridge.Name, bridge.Counters);
        }
    }
}
