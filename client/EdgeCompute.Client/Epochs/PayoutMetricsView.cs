namespace EdgeCompute.Client.Epochs;

/// <summary>A statement's inequality metrics.</summary>
/// <param name="Owners">Owners counted.</param>
/// <param name="Gini">Gini coefficient.</param>
/// <param name="GiniExact">The same as <c>numerator/denominator</c>.</param>
/// <param name="Nakamoto">Fewest owners holding more than half.</param>
/// <param name="TopDecileShare">Share of the top tenth.</param>
/// <param name="TopDecileShareExact">The same as <c>numerator/denominator</c>.</param>
public sealed record PayoutMetricsView(int Owners, double Gini, string GiniExact, int Nakamoto, double TopDecileShare, string TopDecileShareExact);
