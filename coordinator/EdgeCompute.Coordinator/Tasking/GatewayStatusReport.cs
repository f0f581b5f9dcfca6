using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>A gateway's latest status and when the coordinator received it.</summary>
/// <param name="Status">Free capacity, outbox, uplink and connected devices, as the gateway reported them (v2 fields null from a v1 gateway).</param>
/// <param name="ReceivedAt">When the coordinator received it (its clock; after a restart, as the store kept it).</param>
public sealed record GatewayStatusReport(GatewayStatus Status, DateTimeOffset ReceivedAt);
