namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>
/// The payouts of one epoch. Conservation holds exactly: <c>Pot = Emission + Fees = Σ Amount + Carried</c>.
/// </summary>
/// <param name="EpochId">The epoch.</param>
/// <param name="Emission">Units emitted for the epoch.</param>
/// <param name="Fees">Fees of the jobs verified in the epoch.</param>
/// <param name="Pot">Emission plus fees.</param>
/// <param name="WorkPool">Part of the pot shared by work credits.</param>
/// <param name="DataPool">Part of the pot shared by data credits.</param>
/// <param name="Payouts">One line per participating owner, in <see cref="OwnerOrder"/>.</param>
/// <param name="Carried">Units sent to <paramref name="CarryAccount"/>.</param>
/// <param name="CarryAccount">The account that receives what no owner could take.</param>
/// <param name="Adjustments">Every adjustment with its reason.</param>
public sealed record PayoutPlan(
    long EpochId,
    long Emission,
    long Fees,
    long Pot,
    long WorkPool,
    long DataPool,
    IReadOnlyList<OwnerPayout> Payouts,
    long Carried,
    string CarryAccount,
    IReadOnlyList<PayoutAdjustment> Adjustments)
{
    /// <summary>Sum of all owner payouts.</summary>
    public long TotalPaid => Payouts.Sum(p => p.Amount);

    /// <summary>True when payouts plus carry equal the pot and the pot equals emission plus fees.</summary>
    public bool IsBalanced => checked(TotalPaid + Carried) == Pot && checked(Emission + Fees) == Pot;
}
