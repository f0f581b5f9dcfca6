using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Domain.Epochs;

/// <summary>The result of closing an epoch.</summary>
/// <param name="Reason">The reason code.</param>
/// <param name="Statement">The epoch's statement (new or the stored one), or null on failure.</param>
/// <param name="Plan">The payouts to book — only when <see cref="EpochCloseReason.Closed"/>; null otherwise, so a
/// second close never pays.</param>
/// <param name="Detail">What happened, for people.</param>
public sealed record EpochCloseResult(EpochCloseReason Reason, EpochStatement? Statement, PayoutPlan? Plan, string Detail)
{
    /// <summary>True when the epoch is closed (now or before) and <see cref="Statement"/> is set.</summary>
    public bool IsSuccess => Reason is EpochCloseReason.Closed or EpochCloseReason.AlreadyClosed;
}
