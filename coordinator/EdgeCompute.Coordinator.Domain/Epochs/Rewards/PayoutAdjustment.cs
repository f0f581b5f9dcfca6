namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>One explained change against a plain proportional share.</summary>
/// <param name="Subject">The owner, device (<c>owner/device</c>), pool or account concerned.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Amount">Micro-units added (positive) or removed (negative) for the subject; 0 when nothing moved.</param>
/// <param name="Explanation">The numbers behind it, for people.</param>
public sealed record PayoutAdjustment(string Subject, AdjustmentReason Reason, long Amount, string Explanation);
