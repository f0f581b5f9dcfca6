namespace EdgeCompute.Coordinator.Api.Nodes;

/// <summary>A gateway's latest status report (it rides in its batches), as <c>GET /api/nodes</c> shows it.</summary>
/// <param name="IdleCpuPermille">Idle CPU in permille (0–1000) when it was sent.</param>
/// <param name="FreeMemoryBytes">Free memory in bytes.</param>
/// <param name="OutboxDepth">Batches waiting in the gateway's outbox after the one that carried the report.</param>
/// <param name="ReceivedAt">When the coordinator received it (its clock; kept in the store across restarts).</param>
public sealed record NodeGatewayStatusView(long IdleCpuPermille, long FreeMemoryBytes, long OutboxDepth, DateTimeOffset ReceivedAt);
