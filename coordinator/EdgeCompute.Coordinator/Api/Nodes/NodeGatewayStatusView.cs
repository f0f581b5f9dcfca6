using EdgeCompute.Coordinator.Tasking;

namespace EdgeCompute.Coordinator.Api.Nodes;

/// <summary>
/// A gateway's latest status report (it rides in its batches), as <c>GET /api/nodes</c> and <c>GET /api/fleet</c> show it.
/// The last five fields came with gateway status v2: null when the gateway did not report them (an older gateway, or one
/// set to send v1), never 0 in their place.
/// </summary>
/// <param name="IdleCpuPermille">Idle CPU in permille (0–1000) when it was sent.</param>
/// <param name="FreeMemoryBytes">Free memory in bytes.</param>
/// <param name="OutboxDepth">Items waiting in the gateway's outbox for a batch, after those of the batch that carried the report.</param>
/// <param name="ReceivedAt">When the coordinator received it (its clock; kept in the store across restarts).</param>
/// <param name="OutboxBytes">The outbox's size in bytes (items and batches waiting for their ack).</param>
/// <param name="UnackedBatches">Batches cut and not yet acknowledged by the coordinator, the carrying one included.</param>
/// <param name="OutboxEvictions">Telemetry frames the gateway evicted from its full outbox since its boot (readings lost there; each shows as a gap).</param>
/// <param name="UplinkReconnects">Times the gateway connected to the central broker again since its boot.</param>
/// <param name="ConnectedDevices">Devices connected to the gateway's device broker.</param>
public sealed record NodeGatewayStatusView(
    long IdleCpuPermille,
    long FreeMemoryBytes,
    long OutboxDepth,
    DateTimeOffset ReceivedAt,
    long? OutboxBytes,
    long? UnackedBatches,
    long? OutboxEvictions,
    long? UplinkReconnects,
    long? ConnectedDevices)
{
    /// <summary>The view of a gateway's latest report, or null when it sent none.</summary>
    /// <param name="report">The report the node directory holds.</param>
    /// <returns>The view, or null.</returns>
    public static NodeGatewayStatusView? Of(GatewayStatusReport? report) =>
        report is { Status: var s }
            ? new NodeGatewayStatusView(s.IdleCpuPermille, Long(s.FreeMemoryBytes), Long(s.OutboxDepth), report.ReceivedAt, Long(s.OutboxBytes),
                Long(s.UnackedBatches), Long(s.OutboxEvictions), Long(s.UplinkReconnects), Long(s.ConnectedDevices))
            : null;

    private static long Long(ulong value) => (long)Math.Min(value, long.MaxValue);

    private static long? Long(ulong? value) => value is { } v ? Long(v) : null;
}
