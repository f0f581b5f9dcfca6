using System.Globalization;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Firmware.Simulator.Fleet;

namespace EdgeCompute.Cli.Simulate;

/// <summary>
/// Says so when no simulated device has reached the broker yet: once <see cref="FirstWarningAfter"/> into the run, then
/// every <see cref="ReminderEvery"/> while none has, as a warning on standard error; the devices keep retrying. Quiet from
/// the moment one device is connected. Without it, <c>simulate</c> against a dead port with no <c>--duration</c> would
/// retry forever without a word.
/// </summary>
internal static class BrokerReachWatch
{
    /// <summary>How long the devices get before the first warning.</summary>
    public static readonly TimeSpan FirstWarningAfter = TimeSpan.FromSeconds(5);

    /// <summary>How often the warning is repeated while no device is connected.</summary>
    public static readonly TimeSpan ReminderEvery = TimeSpan.FromSeconds(60);

    /// <summary>Watches until a device is connected or <paramref name="cancellationToken"/> ends the run.</summary>
    /// <param name="fleet">The running fleet.</param>
    /// <param name="target">Where the devices connect (<c>--broker</c>, or their own gateways), for the warning.</param>
    /// <param name="context">Where warnings go, and the clock.</param>
    /// <param name="cancellationToken">Ends the watch (the run is over).</param>
    /// <returns>A task that completes when the watch ends; it never throws.</returns>
    public static async Task RunAsync(FleetSimulator fleet, string target, CliContext context, CancellationToken cancellationToken)
    {
        var started = context.Time.GetTimestamp();
        var wait = FirstWarningAfter;
        try
        {
            while (true)
            {
                await Task.Delay(wait, context.Time, cancellationToken).ConfigureAwait(false);
                if (fleet.Devices.Any(device => device.Link.IsConnected))
                {
                    return;
                }

                var attempts = fleet.Devices.Sum(device => device.Link.ConnectAttempts);
                await context.Error.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"warning: no device has reached {target} (--broker) in {context.Time.GetElapsedTime(started).TotalSeconds:0} s ({attempts} connect attempts); still trying. Is the gateway running there, and is it this fleet's? Ctrl+C stops.")).ConfigureAwait(false);
                wait = ReminderEvery;
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }
    }
}
