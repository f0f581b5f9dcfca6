using System.Globalization;
using EdgeCompute.Client.Nodes;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// The gateway part of <c>edgecompute nodes</c>: each listed gateway's latest status report (free capacity, outbox,
/// uplink, connected devices) and how long ago it came; <c>-</c> where the gateway did not report a field (a status v1
/// gateway) or sent no status yet.
/// </summary>
internal static class GatewayStatusTable
{
    /// <summary>The header row.</summary>
    public static readonly string[] Header = ["GATEWAY", "IDLE CPU", "FREE MEMORY", "OUTBOX ITEMS", "OUTBOX BYTES", "UNACKED", "EVICTED", "RECONNECTS", "DEVICES", "REPORTED"];

    /// <summary>The rows of the gateways among <paramref name="nodes"/>, in their order.</summary>
    /// <param name="nodes">The listed nodes.</param>
    /// <param name="now">The time "reported … ago" counts from.</param>
    /// <param name="ago">Formats an age (as the nodes table does).</param>
    /// <returns>One row per gateway.</returns>
    public static List<string[]> Rows(IEnumerable<NodeView> nodes, DateTimeOffset now, Func<TimeSpan, string> ago) =>
        [.. nodes.Where(n => n.Kind == "gateway").Select(n => n.Status is { } s
            ? new[]
            {
                n.Id, (s.IdleCpuPermille / 10.0).ToString("0.0", CultureInfo.InvariantCulture) + "%", Bytes(s.FreeMemoryBytes), Count(s.OutboxDepth),
                Bytes(s.OutboxBytes), Count(s.UnackedBatches), Count(s.OutboxEvictions), Count(s.UplinkReconnects), Count(s.ConnectedDevices),
                ago(now - s.ReceivedAt) + " ago",
            }
            : [n.Id, "-", "-", "-", "-", "-", "-", "-", "-", "never"])];

    private static string Count(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "-";

    /// <summary>Bytes in binary units (<c>512 B</c>, <c>1.0 MiB</c>).</summary>
    private static string Bytes(long? value)
    {
        if (value is not { } v)
        {
            return "-";
        }

        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        var size = (double)v;
        var unit = 0;
        while (size >= 1024 && unit < units.Length - 1)
        {
            size /= 1024;
            unit++;
        }

        return unit == 0 ? $"{v} B" : size.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
