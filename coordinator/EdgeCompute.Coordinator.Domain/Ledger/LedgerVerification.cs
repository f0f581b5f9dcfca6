namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>The result of rechecking a ledger.</summary>
/// <param name="ReasonCode">The first rule broken, or <see cref="LedgerVerificationCode.Valid"/>.</param>
/// <param name="FirstOffendingSequence">Sequence number of the first entry that broke it (for a published head, the head's sequence); null when valid.</param>
/// <param name="Detail">A sentence saying what was found; empty when valid.</param>
/// <param name="EntriesChecked">Entries checked, including the offending one.</param>
/// <param name="Head">Head of the checked prefix (up to the last entry checked).</param>
/// <param name="Totals">Where the emitted units are, over the entries checked.</param>
public sealed record LedgerVerification(LedgerVerificationCode ReasonCode, long? FirstOffendingSequence, string Detail,
    long EntriesChecked, LedgerHead Head, LedgerTotals Totals)
{
    /// <summary>Whether every rule holds.</summary>
    public bool IsValid => ReasonCode == LedgerVerificationCode.Valid;
}
