namespace EdgeCompute.Client.Nodes;

/// <summary>A device's data quality in the latest closed epoch it sent telemetry in (the epoch's close computed it).</summary>
/// <param name="Epoch">That epoch.</param>
/// <param name="Score">The share of its readings that qualified, 0 to 1.</param>
/// <param name="FailedChecks">The checks its data failed: <c>range</c>, <c>stuck</c>, <c>jump</c>, <c>gap</c>, <c>neighbour</c>.</param>
public sealed record NodeQualityView(long Epoch, double Score, IReadOnlyList<string> FailedChecks);
