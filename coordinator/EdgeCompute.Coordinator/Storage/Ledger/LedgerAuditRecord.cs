namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>When the coordinator last audited its ledger, and what it found.</summary>
/// <param name="At">When the audit finished.</param>
/// <param name="Report">What it found.</param>
/// <param name="Took">How long it took.</param>
public sealed record LedgerAuditRecord(DateTimeOffset At, LedgerAuditReport Report, TimeSpan Took);
