namespace EdgeCompute.Client.Accounts;

/// <summary>An owner's balance.</summary>
/// <param name="Owner">The owner.</param>
/// <param name="Account">The ledger account.</param>
/// <param name="Balance">Micro-units available.</param>
/// <param name="Time">When it was read.</param>
public sealed record AccountBalanceView(string Owner, string Account, long Balance, DateTimeOffset Time);
