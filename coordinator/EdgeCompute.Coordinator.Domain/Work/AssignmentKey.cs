namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>Identifies one assignment: a replica slot of a task issued to a node.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The replica slot.</param>
/// <param name="NodeId">The device or gateway it was issued to.</param>
public readonly record struct AssignmentKey(string TaskId, uint Slot, string NodeId);
