using System.Collections.Immutable;
using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Epochs.Metrics;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;

namespace EdgeCompute.Coordinator.Domain.Epochs.Statements;

/// <summary>Builds and signs the statement of a closed epoch from its payout plan.</summary>
public static class EpochStatementSigner
{
    /// <summary>Creates the signed statement.</summary>
    /// <param name="epoch">The epoch.</param>
    /// <param name="plan">Its balanced payout plan.</param>
    /// <param name="ledgerHead">The ledger chain head at close.</param>
    /// <param name="coordinatorKey">The coordinator's P-256 private key.</param>
    /// <returns>The statement.</returns>
    public static EpochStatement Sign(EpochWindow epoch, PayoutPlan plan, LedgerChainHead ledgerHead, ECDsa coordinatorKey)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(ledgerHead);
        ArgumentNullException.ThrowIfNull(coordinatorKey);
        if (plan.EpochId != epoch.Id || !plan.IsBalanced)
        {
            throw new ArgumentException($"plan of epoch {plan.EpochId} is not a balanced plan of epoch {epoch.Id}", nameof(plan));
        }

        if (coordinatorKey.KeySize != 256)
        {
            throw new ArgumentException($"a P-256 key is required, found a {coordinatorKey.KeySize}-bit key", nameof(coordinatorKey));
        }

        var lines = plan.Payouts.Select(p => new PayoutLine(p.Owner, p.Amount)).OrderBy(l => l.Owner, OwnerOrder.Instance).ToImmutableArray();
        var unsigned = new EpochStatement(
            epoch.Id,
            epoch.Start,
            epoch.End,
            plan.Emission,
            plan.Fees,
            plan.Pot,
            plan.TotalPaid,
            plan.Carried,
            plan.CarryAccount,
            lines,
            MerkleTree.ComputeRoot(lines),
            ledgerHead,
            PayoutMetricsCalculator.Compute(lines.Select(l => l.Amount)),
            []);
        var signature = coordinatorKey.SignData(
            EpochStatementEncoding.ToBeSigned(unsigned), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return unsigned with { Signature = [.. signature] };
    }
}
