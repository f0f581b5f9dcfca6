using EdgeCompute.Coordinator.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Ledger;

/// <summary>
/// <c>GET /api/ledger/audit</c>: the coordinator's last audit of its ledger (the hash chain, conservation, every signed
/// statement and its payouts), which it runs at start and then periodically. Public: it shows no balance.
/// </summary>
public static class LedgerAuditEndpoint
{
    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapLedgerAuditEndpoint(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/ledger/audit", Show).WithName("LedgerAudit")
            .WithSummary("The coordinator's last audit of its ledger: chain, conservation, statements and payouts")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Shows the last audit.</summary>
    /// <param name="api">The API services.</param>
    /// <returns>200 with the audit, 404 before the first one finished (or where no auditor runs).</returns>
    public static Results<Ok<LedgerAuditView>, ProblemHttpResult> Show(CoordinatorApiServices api)
    {
        ArgumentNullException.ThrowIfNull(api);
        if (api.LedgerAudits?.Last is not { } last)
        {
            return ApiProblems.NotFound("no ledger audit has finished yet: the coordinator runs one at start and then periodically (edgecompute ledger verify runs one now)");
        }

        var report = last.Report;
        return TypedResults.Ok(new LedgerAuditView(last.At, report.IsValid, report.ReasonCode.ToString(), report.Detail, report.EntriesChecked, report.StatementsChecked,
            (long)last.Took.TotalMilliseconds, (long)api.LedgerAuditInterval.TotalSeconds));
    }
}
