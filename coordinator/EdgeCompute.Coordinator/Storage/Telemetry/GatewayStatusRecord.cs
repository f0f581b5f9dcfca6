using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>A gateway's latest status as the store kept it.</summary>
/// <param name="GatewayId">The gateway.</param>
/// <param name="Status">The status as the gateway reported it (its v2 fields null when it sent v1).</param>
/// <param name="TimeMs">When the coordinator received the batch that carried it (its clock), ms since the Unix epoch.</param>
public sealed record GatewayStatusRecord(string GatewayId, GatewayStatus Status, long TimeMs);
