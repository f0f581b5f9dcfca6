namespace EdgeCompute.Coordinator.Domain.Epochs.Metrics;

/// <summary>How concentrated an epoch's payouts are; see <see cref="PayoutMetricsCalculator"/> for the definitions.</summary>
/// <param name="OwnerCount">Owners counted: every owner in the statement, including those paid 0.</param>
/// <param name="Gini">Gini coefficient in [0, (n−1)/n].</param>
/// <param name="Nakamoto">Fewest owners holding strictly more than half of the total; 0 when the total is 0.</param>
/// <param name="TopDecileShare">Share of the total held by the top ⌈n/10⌉ owners.</param>
public sealed record PayoutMetrics(int OwnerCount, Ratio Gini, int Nakamoto, Ratio TopDecileShare);
