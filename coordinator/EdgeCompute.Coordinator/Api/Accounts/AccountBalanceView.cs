namespace EdgeCompute.Coordinator.Api.Accounts;

/// <summary>An owner's balance as <c>GET /api/accounts/{owner}</c> shows it.</summary>
/// <param name="Owner">The owner.</param>
/// <param name="Account">The ledger account (<c>owner:{owner}</c>).</param>
/// <param name="Balance">Micro-units available (payouts and deposits, less fees escrowed or paid).</param>
/// <param name="Time">When it was read.</param>
public sealed record AccountBalanceView(string Owner, string Account, long Balance, DateTimeOffset Time);
