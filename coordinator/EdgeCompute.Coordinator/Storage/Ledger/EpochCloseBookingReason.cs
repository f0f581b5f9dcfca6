namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>What <see cref="ILedgerStore.CloseEpochAsync"/> did.</summary>
public enum EpochCloseBookingReason
{
    /// <summary>The payouts were booked and the statement stored, in one transaction.</summary>
    Booked = 0,

    /// <summary>A statement for the epoch was stored before: nothing was booked, the stored statement is returned.</summary>
    AlreadyClosed = 1,

    /// <summary>The ledger refused a payout transfer (e.g. <c>system:fees</c> holds less than the plan's fees): nothing was booked or stored.</summary>
    Refused = 2,
}
