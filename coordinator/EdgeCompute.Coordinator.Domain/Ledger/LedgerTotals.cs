namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>Where the emitted units are. Conservation: <see cref="Emitted"/> = <see cref="Owners"/> + <see cref="Escrow"/> + <see cref="Fees"/>.</summary>
/// <param name="Emitted">Units ever emitted (minus the emission account's balance).</param>
/// <param name="Owners">Sum of owner balances.</param>
/// <param name="Escrow">Sum of escrow balances.</param>
/// <param name="Fees">Balance of the fees account.</param>
public sealed record LedgerTotals(long Emitted, long Owners, long Escrow, long Fees)
{
    /// <summary>Whether every emitted unit is accounted for.</summary>
    public bool IsConserved => Emitted == Owners + Escrow + Fees;
}
