namespace EdgeCompute.Client.Accounts;

/// <summary>One page of <c>GET /api/accounts</c>: every registered owner's balance, ordered by owner id.</summary>
/// <param name="Items">The balances of the page.</param>
/// <param name="Total">How many owners the registry holds.</param>
/// <param name="Offset">The page's start.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Next">The offset of the next page; null on the last.</param>
public sealed record AccountPage(IReadOnlyList<AccountBalanceView> Items, int Total, int Offset, int Limit, int? Next);
