namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>One leg of a ledger entry: a signed amount in micro-units (positive credits the account, negative debits it).</summary>
/// <param name="Account">The account.</param>
/// <param name="Amount">Signed amount in micro-units; never zero in a booked entry.</param>
public readonly record struct Posting(AccountId Account, long Amount);
