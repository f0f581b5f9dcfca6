using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EdgeCompute.Coordinator.Api.Accounts;

/// <summary>The body of <c>POST /api/deposits</c>: <c>{"owner": "owner-01", "amount": 100000, "reference": "wire-2026-001"}</c>.</summary>
/// <param name="Owner">The credited owner (registered).</param>
/// <param name="Amount">Micro-units; positive.</param>
/// <param name="Reference">The operator's reference (payment or ticket id): the deposit's idempotency key.</param>
public sealed record DepositBody(string Owner, long Amount, string Reference)
{
    /// <summary>The largest body accepted.</summary>
    public const long MaxBytes = 16 * 1024;

    /// <summary>The longest reference, in characters (the ledger key is <c>deposit:{reference}</c>).</summary>
    public const int MaxReferenceLength = LedgerTransfer.MaxKeyLength - 8;

    private static readonly string[] Members = ["owner", "amount", "reference"];

    /// <summary>Reads and checks the body.</summary>
    /// <param name="request">The request.</param>
    /// <param name="registry">The registry (the owner must be registered).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The deposit, or the 400/413 problem.</returns>
    public static async Task<(DepositBody? Body, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, FleetRegistry registry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var (body, problem) = await ApiJsonBody.ReadAsync(request, MaxBytes, Members, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, problem);
        }

        using (body)
        {
            if (body.String("owner", required: true, out var owner) is { } badOwner)
            {
                return (null, badOwner);
            }

            if (body.Long("amount", out var amount) is { } badAmount)
            {
                return (null, badAmount);
            }

            if (body.String("reference", required: true, out var reference) is { } badReference)
            {
                return (null, badReference);
            }

            if (!registry.Owners.ContainsKey(owner!))
            {
                return (null, ApiProblems.BadRequest("owner", $"owner \"{ApiQuery.Clip(owner!)}\" is not a registered owner"));
            }

            if (amount <= 0)
            {
                return (null, ApiProblems.BadRequest("amount", $"amount must be a positive number of micro-units, got {amount}"));
            }

            if (reference!.Length is 0 or > MaxReferenceLength || reference.Any(char.IsControl) || reference.Trim().Length != reference.Length)
            {
                return (null, ApiProblems.BadRequest("reference",
                    $"reference must be 1 to {MaxReferenceLength} characters without control characters or surrounding spaces (e.g. the payment or ticket id)"));
            }

            return (new DepositBody(owner!, amount, reference), null);
        }
    }
}
