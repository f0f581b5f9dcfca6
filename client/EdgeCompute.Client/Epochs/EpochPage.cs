namespace EdgeCompute.Client.Epochs;

/// <summary>A page of closed epochs, newest first.</summary>
/// <param name="Items">The epochs.</param>
/// <param name="Next">Pass as <c>before</c> for older ones; null after the oldest.</param>
public sealed record EpochPage(IReadOnlyList<EpochSummaryView> Items, long? Next);
