namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>What a refused transfer does to the rest of its batch.</summary>
public enum LedgerBatchMode
{
    /// <summary>Any refused transfer refuses the batch: nothing is booked (e.g. an epoch's payouts).</summary>
    AllOrNothing = 0,

    /// <summary>Refused transfers are left out; the others are booked (e.g. rewards for a batch of independent results).</summary>
    BookValid = 1,
}
