namespace EdgeCompute.Coordinator.UseCases;

/// <summary>What one scheduling pass did.</summary>
/// <param name="Withdrawn">Assignments withdrawn past their deadline or because their gateway went offline.</param>
/// <param name="Issued">Assignments sent.</param>
/// <param name="Unplaced">Replicas wanted but not placed (no eligible node now).</param>
/// <param name="TasksFailed">Tasks given up after their attempts.</param>
public sealed record PumpReport(int Withdrawn, int Issued, int Unplaced, int TasksFailed);
