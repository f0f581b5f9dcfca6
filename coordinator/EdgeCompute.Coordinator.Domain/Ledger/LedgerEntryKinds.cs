namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>The entry kinds the coordinator books. The kind is hashed with the entry; other short names are allowed.</summary>
public static class LedgerEntryKinds
{
    /// <summary>New units from <c>system:emission</c> (an epoch's configured emission).</summary>
    public const string Emission = "emission";

    /// <summary>An operator credits a submitter: new units from <c>system:emission</c> to <c>owner:{id}</c> (see <see cref="Deposits"/>).</summary>
    public const string Deposit = "deposit";

    /// <summary>A submitter's fee moved into a job's escrow.</summary>
    public const string Escrow = "escrow";

    /// <summary>A job's escrow moved to <c>system:fees</c> once its work is verified.</summary>
    public const string Fee = "fee";

    /// <summary>Escrow returned to the submitter.</summary>
    public const string Refund = "refund";

    /// <summary>An epoch's payout to owners.</summary>
    public const string Payout = "payout";
}
