using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace EdgeCompute.Gateway.Service.Monitoring;

/// <summary>
/// Pets systemd's watchdog (<c>WATCHDOG=1</c>) at half the unit's <c>WatchdogSec</c> while <see cref="GatewayLiveness"/>
/// holds; a hung process or a node that stopped running is restarted by systemd. Readiness and the uplink play no part.
/// Does nothing outside systemd or without <c>WatchdogSec</c> (no <c>WATCHDOG_USEC</c>).
/// </summary>
internal sealed class SystemdWatchdog(GatewayLiveness liveness, TimeProvider time, ISystemdNotifier? notifier = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        if (notifier is not { IsEnabled: true } || !long.TryParse(usec, NumberStyles.None, CultureInfo.InvariantCulture, out var micros) || micros <= 0)
        {
            return;
        }

        var interval = TimeSpan.FromMicroseconds(micros / 2);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (liveness.IsAlive)
            {
                notifier.Notify(new ServiceState("WATCHDOG=1"));
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
