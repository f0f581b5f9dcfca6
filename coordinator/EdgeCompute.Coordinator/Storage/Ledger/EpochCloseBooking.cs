using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>The outcome of closing an epoch in the ledger store.</summary>
/// <param name="Reason">Booked, already closed, or refused.</param>
/// <param name="Statement">The epoch's statement: the one stored now (<see cref="EpochCloseBookingReason.Booked"/>), the one stored
/// before (<see cref="EpochCloseBookingReason.AlreadyClosed"/>), or the refused one.</param>
/// <param name="Append">What the ledger did with each payout transfer; null when already closed.</param>
public sealed record EpochCloseBooking(EpochCloseBookingReason Reason, EpochStatement Statement, LedgerAppendResult? Append)
{
    /// <summary>Whether the epoch is closed in the store (now or before).</summary>
    public bool IsSuccess => Reason is EpochCloseBookingReason.Booked or EpochCloseBookingReason.AlreadyClosed;
}
