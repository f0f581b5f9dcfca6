using EdgeCompute.Coordinator.Domain.Epochs.Metrics;

namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>How concentrated an epoch's payouts are (see <see cref="PayoutMetricsCalculator"/>); ratios also as exact fractions.</summary>
/// <param name="Owners">Owners counted (every payout line).</param>
/// <param name="Gini">Gini coefficient.</param>
/// <param name="GiniExact">The same as <c>numerator/denominator</c>.</param>
/// <param name="Nakamoto">Fewest owners holding more than half of the total.</param>
/// <param name="TopDecileShare">Share held by the top tenth of owners.</param>
/// <param name="TopDecileShareExact">The same as <c>numerator/denominator</c>.</param>
public sealed record PayoutMetricsView(int Owners, double Gini, string GiniExact, int Nakamoto, double TopDecileShare, string TopDecileShareExact)
{
    /// <summary>Builds the view.</summary>
    /// <param name="metrics">The metrics.</param>
    /// <returns>The view.</returns>
    public static PayoutMetricsView Of(PayoutMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new PayoutMetricsView(metrics.OwnerCount, metrics.Gini.ToDouble(), metrics.Gini.ToString(), metrics.Nakamoto, metrics.TopDecileShare.ToDouble(),
            metrics.TopDecileShare.ToString());
    }
}
