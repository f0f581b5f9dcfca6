namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>A node already holding a live replica of the task being placed.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Owner">Its owner.</param>
/// <param name="GatewayOwner">The owner of the gateway it is reached through.</param>
public sealed record ReplicaHolder(string NodeId, string Owner, string GatewayOwner);
