using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Transport;
using EdgeCompute.Protocol.Tls;

namespace EdgeCompute.Cli.Simulate;

/// <summary>Why the simulated devices could not connect, read from their transports.</summary>
internal static class ConnectFailures
{
    private static readonly TlsRefusalReason[] PermanentReasons =
    [
        TlsRefusalReason.UntrustedIssuer, TlsRefusalReason.Expired, TlsRefusalReason.NotYetValid, TlsRefusalReason.NameMismatch,
        TlsRefusalReason.WrongUsage, TlsRefusalReason.NoCertificate, TlsRefusalReason.NotTls,
    ];

    /// <summary>
    /// The refusal every device met, when no device is connected and each one's last attempt failed for a reason retrying
    /// cannot fix (the gateway's certificate, TLS on one side only); null otherwise.
    /// </summary>
    /// <param name="fleet">The started fleet.</param>
    /// <returns>One line, or null.</returns>
    public static string? Permanent(FleetSimulator fleet)
    {
        var transports = Transports(fleet);
        if (transports.Count == 0 || transports.Any(t => t.IsConnected))
        {
            return null;
        }

        var refusals = transports.Select(t => t.LastConnectRefusal).ToList();
        return refusals.All(r => r is not null && PermanentReasons.Contains(r.Reason)) ? refusals[0]!.Message : null;
    }

    /// <summary>The last connection failure of any device, in one line; null when none failed.</summary>
    /// <param name="fleet">The fleet.</param>
    /// <returns>The line.</returns>
    public static string? Last(FleetSimulator fleet) => Transports(fleet).Select(t => t.LastConnectFailure).FirstOrDefault(f => f is not null);

    private static List<MqttDeviceTransport> Transports(FleetSimulator fleet) => [.. fleet.Devices.Select(d => d.Link).OfType<MqttDeviceTransport>()];
}
