namespace EdgeCompute.Client.Accounts;

/// <summary>An operator deposit to book (<c>POST /api/deposits</c>); idempotent on <paramref name="Reference"/>, so safe to retry.</summary>
/// <param name="Owner">The credited owner.</param>
/// <param name="Amount">Micro-units, positive.</param>
/// <param name="Reference">The operator's reference (payment or ticket id).</param>
public sealed record DepositBody(string Owner, long Amount, string Reference);
