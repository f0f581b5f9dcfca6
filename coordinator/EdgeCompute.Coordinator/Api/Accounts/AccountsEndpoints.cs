using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Api.Limits;
using EdgeCompute.Coordinator.Domain.Ledger;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Accounts;

/// <summary>
/// <c>GET /api/accounts/{owner}</c> (that owner's token or the operator's), <c>GET /api/accounts</c> (the operator token:
/// every owner's balance) and <c>POST /api/deposits</c> (the operator token).
/// </summary>
public static class AccountsEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapAccountsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/accounts", ListAsync).WithName("ListAccounts").WithSummary("Every registered owner's balance (the operator token)")
            .RequireApiToken(ApiTokenScope.Operator).ProducesProblem(StatusCodes.Status400BadRequest);
        endpoints.MapGet("/accounts/{owner}", BalanceAsync).WithName("AccountBalance").WithSummary("An owner's balance").RequireApiToken(ApiTokenScope.RouteOwner);
        endpoints.MapPost("/deposits", DepositAsync).WithName("Deposit").WithSummary("Book an operator deposit (idempotent on its reference)")
            .Accepts<DepositBody>("application/json").RequireApiToken(ApiTokenScope.Operator).WithMetadata(ApiBodyLimit.From(endpoints, o => o.MaxDepositBodyBytes))
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return endpoints;
    }

    /// <summary>Every registered owner's balance, ordered by owner id, from one read of the ledger's balances; needs the operator token.</summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="offset">The page's start.</param>
    /// <param name="limit">The page size, 1–1,000 (default 100).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the page, 400 for a bad parameter, 401 or 403.</returns>
    public static async Task<Results<Ok<AccountPage>, ProblemHttpResult>> ListAsync(HttpContext context, CoordinatorApiServices api, ApiTokenAuthenticator auth,
        string? offset, string? limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        if (ApiAccess.RequireOperator(context, auth.Identify(context.Request), auth.HasOperator, "listing every owner's balance") is { } denied)
        {
            return denied;
        }

        if (ApiQuery.Int("offset", offset, 0, 0, int.MaxValue, out var skip) is { } badOffset)
        {
            return badOffset;
        }

        if (ApiQuery.Int("limit", limit, 100, 1, 1000, out var take) is { } badLimit)
        {
            return badLimit;
        }

        var owners = api.Registry.Owners.Keys.Order(StringComparer.Ordinal).ToList();
        var balances = await api.Ledger.ReadBalancesAsync(cancellationToken).ConfigureAwait(false);
        var now = api.Time.GetUtcNow();
        var items = owners.Skip(skip).Take(take)
            .Select(o => (Owner: o, Account: AccountId.Owner(o)))
            .Select(x => new AccountBalanceView(x.Owner, x.Account.Value, balances.GetValueOrDefault(x.Account), now)).ToList();
        int? next = (long)skip + take < owners.Count ? skip + take : null;
        return TypedResults.Ok(new AccountPage(items, owners.Count, skip, take, next));
    }

    /// <summary>An owner's balance; needs that owner's token or the operator's.</summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="owner">The owner.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the balance, 401 or 403.</returns>
    public static async Task<Results<Ok<AccountBalanceView>, ProblemHttpResult>> BalanceAsync(HttpContext context, CoordinatorApiServices api, ApiTokenAuthenticator auth,
        string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        if (ApiAccess.RequireOwner(context, auth.Identify(context.Request), owner, "the balance") is { } denied)
        {
            return denied;
        }

        var account = AccountId.Owner(owner);
        var balance = await api.Ledger.ReadBalanceAsync(account, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(new AccountBalanceView(owner, account.Value, balance, api.Time.GetUtcNow()));
    }

    /// <summary>
    /// Books an operator deposit, idempotent on its reference: the first request books it (201), a repeat with the same
    /// owner and amount returns the booked entry (200), the reference reused with another owner or amount is refused (409).
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>201 or 200 with the entry, or a problem (400, 401, 403, 409, 413).</returns>
    public static async Task<Results<Created<DepositView>, Ok<DepositView>, ProblemHttpResult>> DepositAsync(HttpContext context, CoordinatorApiServices api,
        ApiTokenAuthenticator auth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        if (ApiAccess.RequireOperator(context, auth.Identify(context.Request), auth.HasOperator, "booking a deposit") is { } denied)
        {
            return denied;
        }

        var (deposit, problem) = await DepositBody.ReadAsync(context.Request, api.Registry, cancellationToken).ConfigureAwait(false);
        if (deposit is null)
        {
            return problem!;
        }

        var key = Deposits.KeyFor(deposit.Reference);
        if (await api.Ledger.FindByIdempotencyKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Repeat(deposit, existing);
        }

        var transfer = Deposits.Credit(key, AccountId.Owner(deposit.Owner), deposit.Amount, api.CurrentEpochId());
        var booked = await api.Ledger.AppendAsync([transfer], cancellationToken: cancellationToken).ConfigureAwait(false);
        var outcome = booked.Outcomes[0];
        if (outcome.ReasonCode == LedgerReasonCode.Booked && outcome.Entry is { } entry)
        {
            return TypedResults.Created($"/api/accounts/{deposit.Owner}", DepositView.Of(deposit.Reference, entry, created: true));
        }

        // Booked meanwhile by a concurrent request (or replica) with this reference.
        if (await api.Ledger.FindByIdempotencyKeyAsync(key, cancellationToken).ConfigureAwait(false) is { } raced)
        {
            return Repeat(deposit, raced);
        }

        return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.LedgerRefused, "Ledger refused the deposit",
            $"the ledger refused the deposit: {outcome.ReasonCode}", ("reason", outcome.ReasonCode.ToString()));
    }

    private static Results<Created<DepositView>, Ok<DepositView>, ProblemHttpResult> Repeat(DepositBody deposit, Domain.Ledger.LedgerEntry existing)
    {
        var credit = DepositView.Credit(existing);
        if (credit is { } c && c.Owner == deposit.Owner && c.Amount == deposit.Amount)
        {
            return TypedResults.Ok(DepositView.Of(deposit.Reference, existing, created: false));
        }

        var booked = credit is { } d ? $"{d.Amount} to {d.Owner}" : $"a {existing.Kind} entry";
        return ApiProblems.Problem(StatusCodes.Status409Conflict, ApiProblemTypes.DepositConflict, "Deposit reference reused",
            $"reference \"{deposit.Reference}\" was booked before as {booked} (entry {existing.Sequence}); a new deposit needs a new reference",
            ("field", "reference"), ("existingSequence", existing.Sequence));
    }
}
