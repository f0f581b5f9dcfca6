using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>A gateway's latest status and when the coordinator received it.</summary>
/// <param name="Status">Idle CPU, free memory and outbox depth, as the gateway reported them.</param>
/// <param name="ReceivedAt">When the coordinator received it (its clock; after a restart, as the store kept it).</param>
public sealed record GatewayStatusReport(GatewayStatus Status, DateTimeOffset ReceivedAt);
