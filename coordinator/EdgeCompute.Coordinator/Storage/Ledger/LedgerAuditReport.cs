using EdgeCompute.Coordinator.Domain.Ledger;

namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>The verdict of <see cref="LedgerAudit.VerifyAsync"/>.</summary>
/// <param name="ReasonCode">The first failure, or <see cref="LedgerAuditCode.Valid"/>.</param>
/// <param name="Detail">A sentence saying what was found; empty when valid.</param>
/// <param name="EntriesChecked">Ledger entries checked.</param>
/// <param name="StatementsChecked">Statements checked (read, signature verified, payouts compared).</param>
/// <param name="FirstOffendingSequence">The ledger entry at fault, when there is one.</param>
/// <param name="FirstOffendingEpoch">The epoch whose statement or payouts are at fault, when there is one.</param>
/// <param name="Ledger">The chain verification (its own reason code, head and totals); null when the statements could not be read.</param>
public sealed record LedgerAuditReport(LedgerAuditCode ReasonCode, string Detail, long EntriesChecked, int StatementsChecked,
    long? FirstOffendingSequence, long? FirstOffendingEpoch, LedgerVerification? Ledger)
{
    /// <summary>Whether everything checks out.</summary>
    public bool IsValid => ReasonCode == LedgerAuditCode.Valid;
}
