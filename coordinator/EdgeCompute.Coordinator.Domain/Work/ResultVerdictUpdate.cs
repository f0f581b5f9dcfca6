namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>A verdict to set on one pending result.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Slot">The slot.</param>
/// <param name="NodeId">The node.</param>
/// <param name="Verdict">The verdict (not <see cref="ResultVerdict.Pending"/>).</param>
/// <param name="Reason">The reason code name.</param>
/// <param name="CostUnits">Cost units credited (0 unless valid).</param>
/// <param name="VerifiedMs">When the verdict commits.</param>
public sealed record ResultVerdictUpdate(string TaskId, uint Slot, string NodeId, ResultVerdict Verdict, string Reason, long CostUnits, long VerifiedMs);
