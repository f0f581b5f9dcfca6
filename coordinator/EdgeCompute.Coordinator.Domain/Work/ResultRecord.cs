namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>A result as received and, once decided, judged.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="NodeId">The device or gateway that sent it.</param>
/// <param name="GatewayId">The gateway that forwarded it.</param>
/// <param name="Owner">The node's owner (who is credited).</param>
/// <param name="Body">The result body bytes (device: the result frame body; gateway: the canonical encoding of its item).</param>
/// <param name="ReceivedMs">When its batch was committed.</param>
/// <param name="Verdict">The verification verdict.</param>
/// <param name="Reason">The verification reason code name (for people and the API).</param>
/// <param name="CostUnits">Cost units credited when valid (kernel ops or WASM fuel); 0 otherwise.</param>
/// <param name="VerifiedMs">When the verdict committed; null while pending.</param>
public sealed record ResultRecord(string TaskId, uint Slot, string NodeId, string GatewayId, string Owner, byte[] Body, long ReceivedMs, ResultVerdict Verdict, string Reason, long CostUnits, long? VerifiedMs);
