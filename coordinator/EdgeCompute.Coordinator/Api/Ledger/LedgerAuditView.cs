namespace EdgeCompute.Coordinator.Api.Ledger;

/// <summary>The coordinator's last audit of its ledger.</summary>
/// <param name="At">When it finished.</param>
/// <param name="Valid">Whether the chain, conservation, every statement and its payouts checked out.</param>
/// <param name="Reason">The first failure's code (<c>Valid</c> when none).</param>
/// <param name="Detail">What was found; empty when valid.</param>
/// <param name="EntriesChecked">Ledger entries checked.</param>
/// <param name="StatementsChecked">Signed epoch statements checked.</param>
/// <param name="DurationMs">How long it took, milliseconds.</param>
/// <param name="IntervalSeconds">How often it runs, seconds.</param>
public sealed record LedgerAuditView(DateTimeOffset At, bool Valid, string Reason, string Detail, long EntriesChecked, int StatementsChecked, long DurationMs,
    long IntervalSeconds);
