namespace EdgeCompute.Client.Proofs;

/// <summary>The result of an owner-side payout check.</summary>
/// <param name="Reason">Why it passed or failed.</param>
/// <param name="Detail">A line for people.</param>
/// <param name="EpochId">The epoch checked.</param>
/// <param name="Owner">The owner checked.</param>
/// <param name="Amount">The amount proven (meaningful when valid).</param>
public sealed record PayoutProofCheck(PayoutProofReason Reason, string Detail, long EpochId, string Owner, long Amount)
{
    /// <summary>Gets whether the payout is proven.</summary>
    public bool IsValid => Reason == PayoutProofReason.Valid;
}
