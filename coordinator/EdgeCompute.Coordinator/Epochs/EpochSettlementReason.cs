namespace EdgeCompute.Coordinator.Epochs;

/// <summary>What <see cref="EpochSettlement.CloseAsync"/> did.</summary>
public enum EpochSettlementReason
{
    /// <summary>Closed now: the payouts were booked and the signed statement stored, in one transaction.</summary>
    Closed = 0,

    /// <summary>Closed before (by this or another replica): the stored statement is returned and nothing is paid.</summary>
    AlreadyClosed = 1,

    /// <summary>The epoch has not ended by the clock.</summary>
    EpochNotOver = 2,

    /// <summary>The ledger refused the payouts (e.g. <c>system:fees</c> holds less than the fees of the jobs completed in the epoch): nothing was booked or stored; retry once the fees are settled.</summary>
    LedgerRefused = 3,

    /// <summary>The epoch holds more telemetry windows than <see cref="EpochSettlementOptions.MaxTelemetryWindows"/>: nothing was booked.</summary>
    TooMuchTelemetry = 4,
}
