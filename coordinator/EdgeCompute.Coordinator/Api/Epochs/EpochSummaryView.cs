using EdgeCompute.Coordinator.Domain.Epochs.Metrics;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>One closed epoch in <c>GET /api/epochs</c>.</summary>
/// <param name="Id">The epoch.</param>
/// <param name="Start">Start (inclusive).</param>
/// <param name="End">End (exclusive).</param>
/// <param name="TotalPaid">Micro-units paid to owners.</param>
/// <param name="Owners">Owners paid (payout lines).</param>
/// <param name="MerkleRoot">Root over the payout lines, lower-case hex.</param>
/// <param name="ChainHead">The ledger head pinned at close.</param>
/// <param name="Gini">Gini coefficient of the payouts.</param>
/// <param name="Nakamoto">Nakamoto coefficient of the payouts.</param>
/// <param name="TopDecileShare">Top-decile share of the payouts.</param>
public sealed record EpochSummaryView(long Id, DateTimeOffset Start, DateTimeOffset End, long TotalPaid, int Owners, string MerkleRoot, LedgerHeadView ChainHead,
    double Gini, int Nakamoto, double TopDecileShare)
{
    /// <summary>Builds the summary of a statement, with metrics computed from its payout lines.</summary>
    /// <param name="statement">The statement.</param>
    /// <returns>The summary.</returns>
    public static EpochSummaryView Of(EpochStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var metrics = PayoutMetricsCalculator.Compute(statement.Payouts.Select(l => l.Amount));
        return new EpochSummaryView(statement.EpochId, statement.Start, statement.End, statement.TotalPaid, statement.Payouts.Length,
            Convert.ToHexStringLower(statement.MerkleRoot.AsSpan()), HeadOf(statement), metrics.Gini.ToDouble(), metrics.Nakamoto, metrics.TopDecileShare.ToDouble());
    }

    /// <summary>The view of a statement's pinned ledger head.</summary>
    /// <param name="statement">The statement.</param>
    /// <returns>The head.</returns>
    public static LedgerHeadView HeadOf(EpochStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return new LedgerHeadView(statement.LedgerHead.Sequence, Convert.ToHexStringLower(statement.LedgerHead.Hash.AsSpan()));
    }
}
