namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>One page of <c>GET /api/epochs</c>, newest first.</summary>
/// <param name="Items">The closed epochs.</param>
/// <param name="Next">Pass as <c>before</c> for the next (older) page; null after the oldest closed epoch.</param>
public sealed record EpochPage(IReadOnlyList<EpochSummaryView> Items, long? Next);
