namespace EdgeCompute.Coordinator.Storage.Ledger;

/// <summary>The first thing a ledger audit found wrong, or <see cref="Valid"/>.</summary>
public enum LedgerAuditCode
{
    /// <summary>The chain, the statements and the payouts all check out.</summary>
    Valid = 0,

    /// <summary>The chain broke a rule (see <see cref="LedgerAuditReport.Ledger"/> for which), including a rewrite exposed by a statement's published head.</summary>
    LedgerInvalid = 1,

    /// <summary>A stored statement row could not be read as a statement of its epoch.</summary>
    StatementUnreadable = 2,

    /// <summary>A stored statement failed <c>EpochStatementVerifier</c> (signature, root, totals, metrics, shape).</summary>
    StatementInvalid = 3,

    /// <summary>What the ledger booked under <c>epoch:{id}:payout:*</c> differs from the statement's lines, or payouts were booked for an epoch without a statement.</summary>
    PayoutMismatch = 4,
}
