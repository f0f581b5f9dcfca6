namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>One owner's payout and how it was made.</summary>
/// <param name="Owner">The owner's payout account.</param>
/// <param name="WorkReward">Proportional share of the work pool.</param>
/// <param name="DataReward">Share of the data pool after the per-device cap.</param>
/// <param name="FairnessAdjustment">Change made by the share cap (negative when dampened, positive when receiving the excess).</param>
/// <param name="Amount">What is paid: <c>WorkReward + DataReward + FairnessAdjustment</c>.</param>
public sealed record OwnerPayout(string Owner, long WorkReward, long DataReward, long FairnessAdjustment, long Amount);
