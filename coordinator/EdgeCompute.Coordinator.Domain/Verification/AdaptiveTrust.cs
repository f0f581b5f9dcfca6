namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>A node's adaptive-replication state, plain values so a store can persist it.</summary>
/// <param name="ValidRun">Checked valid results in a row since the last invalid one.</param>
/// <param name="IsTrusted">Whether the node runs tasks alone.</param>
/// <param name="SpotChecks">Spot checks drawn for this node while trusted.</param>
/// <param name="Revocations">How often trust was revoked.</param>
public readonly record struct AdaptiveTrust(int ValidRun, bool IsTrusted, long SpotChecks, long Revocations);
