namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>
/// One issued assignment: the exact bytes the coordinator sent for (task, slot, node). The result MAC of a device covers
/// the SHA-256 of <see cref="Assignment"/>, so these bytes are what a result is verified against.
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="NodeId">The device (or, for a gateway task, the gateway) that must run it.</param>
/// <param name="GatewayId">The gateway it was sent through.</param>
/// <param name="Owner">The node's owner when issued (replica diversity and crediting).</param>
/// <param name="Assignment">The task assignment bytes, exactly as sent.</param>
/// <param name="IssuedMs">When it was issued.</param>
/// <param name="DeadlineMs">Its deadline.</param>
/// <param name="State">Where it is.</param>
public sealed record AssignmentRecord(string TaskId, uint Slot, string NodeId, string GatewayId, string Owner, byte[] Assignment, long IssuedMs, long DeadlineMs, AssignmentState State);
