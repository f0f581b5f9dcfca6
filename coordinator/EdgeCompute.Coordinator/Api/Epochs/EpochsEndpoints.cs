using System.Globalization;
using EdgeCompute.Coordinator.Api.Auth;
using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>
/// Closed epochs: <c>GET /api/epochs</c> and <c>GET /api/epochs/{id}</c> (public), and
/// <c>GET /api/epochs/{id}/proofs/{owner}</c> (that owner's token or the operator's).
/// </summary>
public static class EpochsEndpoints
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 500;

    /// <summary>Maps the endpoints.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapEpochsEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/epochs", ListAsync).WithName("ListEpochs").WithSummary("Closed epochs, newest first").ProducesProblem(StatusCodes.Status400BadRequest);
        endpoints.MapGet("/epochs/{id}", ShowAsync).WithName("ShowEpoch").WithSummary("A closed epoch's signed statement")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/epochs/{id}/proofs/{owner}", ProofAsync).WithName("EpochProof").WithSummary("The Merkle inclusion proof of an owner's payout line")
            .RequireApiToken(ApiTokenScope.RouteOwner).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Lists closed epochs, newest first.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="before">Only epochs with a smaller id (the previous page's <c>next</c>); from the newest when absent.</param>
    /// <param name="limit">Page size (default 50, at most 500).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the page, or 400.</returns>
    public static async Task<Results<Ok<EpochPage>, ProblemHttpResult>> ListAsync(CoordinatorApiServices api, string? before, string? limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (ApiQuery.Int("limit", limit, DefaultLimit, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        long? below = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return ApiProblems.BadRequest("before", $"before must be an epoch id (a whole number, 0 or more), got \"{ApiQuery.Clip(before)}\"");
            }

            below = parsed;
        }

        var last = await api.Ledger.ReadLastClosedEpochAsync(cancellationToken).ConfigureAwait(false);
        if (last is null || below <= 0)
        {
            return TypedResults.Ok(new EpochPage([], null));
        }

        var top = Math.Min(last.Value, (below ?? long.MaxValue) - 1);
        var bottom = Math.Max(0, top - take + 1);
        var statements = await api.Ledger.ReadStatementsAsync(bottom, take, cancellationToken).ConfigureAwait(false);
        var items = statements.Where(s => s.EpochId <= top).OrderByDescending(s => s.EpochId).Select(EpochSummaryView.Of).ToList();
        long? next = null;
        if (bottom > 0)
        {
            var oldest = await api.Ledger.ReadStatementsAsync(0, 1, cancellationToken).ConfigureAwait(false);
            next = oldest.Count > 0 && oldest[0].EpochId < bottom ? bottom : null;
        }

        return TypedResults.Ok(new EpochPage(items, next));
    }

    /// <summary>Shows a closed epoch's statement.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="id">The epoch id.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the statement, 400 for a malformed id, 404 when the epoch is not closed.</returns>
    public static async Task<Results<Ok<EpochStatementView>, ProblemHttpResult>> ShowAsync(CoordinatorApiServices api, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        var (statement, problem) = await ReadAsync(api, id, cancellationToken).ConfigureAwait(false);
        return statement is null ? problem! : TypedResults.Ok(EpochStatementView.Of(statement, api.Registry.CoordinatorPublicKey));
    }

    /// <summary>The inclusion proof of an owner's payout line; needs that owner's token or the operator's.</summary>
    /// <param name="context">The request.</param>
    /// <param name="api">The API services.</param>
    /// <param name="auth">The token authenticator.</param>
    /// <param name="id">The epoch id.</param>
    /// <param name="owner">The owner.</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the proof, 400, 401, 403, or 404 (epoch not closed, or no line for the owner).</returns>
    public static async Task<Results<Ok<InclusionProofView>, ProblemHttpResult>> ProofAsync(HttpContext context, CoordinatorApiServices api, ApiTokenAuthenticator auth,
        string id, string owner, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(auth);
        if (ApiAccess.RequireOwner(context, auth.Identify(context.Request), owner, "the payout proof") is { } denied)
        {
            return denied;
        }

        var (statement, problem) = await ReadAsync(api, id, cancellationToken).ConfigureAwait(false);
        if (statement is null)
        {
            return problem!;
        }

        var tree = statement.BuildTree();
        if (!tree.TryGetProof(owner, out var proof) || proof is null)
        {
            return ApiProblems.NotFound($"owner \"{owner}\" has no payout line in epoch {statement.EpochId}");
        }

        var line = statement.Payouts[proof.LeafIndex];
        var verified = proof.Verify(statement.MerkleRoot.AsSpan(), line.Owner, line.Amount);
        return TypedResults.Ok(new InclusionProofView(statement.EpochId, line.Owner, line.Amount, Convert.ToHexStringLower(MerkleHashing.Leaf(line.Owner, line.Amount)),
            proof.LeafIndex, proof.LeafCount, [.. proof.Siblings.Select(s => Convert.ToHexStringLower(s.AsSpan()))], Convert.ToHexStringLower(statement.MerkleRoot.AsSpan()),
            verified));
    }

    private static async Task<(EpochStatement? Statement, ProblemHttpResult? Problem)> ReadAsync(CoordinatorApiServices api, string id, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var epochId))
        {
            return (null, ApiProblems.BadRequest("id", $"the epoch id must be a whole number, 0 or more, got \"{ApiQuery.Clip(id ?? "")}\""));
        }

        var statement = await api.Ledger.ReadStatementAsync(epochId, cancellationToken).ConfigureAwait(false);
        if (statement is not null)
        {
            return (statement, null);
        }

        var last = await api.Ledger.ReadLastClosedEpochAsync(cancellationToken).ConfigureAwait(false);
        return (null, ApiProblems.NotFound(last is { } l
            ? $"epoch {epochId} is not closed (the last closed epoch is {l}); GET /api/epochs lists the closed ones"
            : $"epoch {epochId} is not closed; no epoch is closed yet"));
    }
}
