using EdgeCompute.Coordinator.Domain.Epochs.Metrics;
using EdgeCompute.Coordinator.Domain.Epochs.Quality;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using EdgeCompute.Coordinator.Storage.Ledger;

namespace EdgeCompute.Coordinator.Epochs;

/// <summary>The outcome of closing one epoch.</summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="Statement">The epoch's signed statement (new or stored); null unless closed now or before.</param>
/// <param name="Plan">The plan booked now; null unless <see cref="EpochSettlementReason.Closed"/> (so a second close never pays).</param>
/// <param name="Metrics">Gini, Nakamoto and top-decile share of the statement's payouts; null without a statement.</param>
/// <param name="DataQuality">The data quality verdict the data credits came from; null unless computed by this call.</param>
/// <param name="Booking">What the ledger store did; null when it was not asked.</param>
/// <param name="Detail">What happened, for people.</param>
public sealed record EpochSettlementResult(long EpochId, EpochSettlementReason Reason, EpochStatement? Statement, PayoutPlan? Plan, PayoutMetrics? Metrics,
    DataQualityReport? DataQuality, EpochCloseBooking? Booking, string Detail)
{
    /// <summary>Whether the epoch is closed (now or before) and <see cref="Statement"/> is set.</summary>
    public bool IsSuccess => Reason is EpochSettlementReason.Closed or EpochSettlementReason.AlreadyClosed;
}
