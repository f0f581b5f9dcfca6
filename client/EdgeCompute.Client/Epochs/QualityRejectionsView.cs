namespace EdgeCompute.Client.Epochs;

/// <summary>Readings a device's data lost to each check over an epoch.</summary>
/// <param name="Duplicate">In a second window of the same channel and start.</param>
/// <param name="Range">In windows outside the channel's range.</param>
/// <param name="Stuck">In runs of identical flat windows.</param>
/// <param name="Jump">In windows whose mean jumped too far.</param>
/// <param name="Neighbour">In windows too far from the neighbours behind the same gateway.</param>
/// <param name="Gap">Taken away because the series missed too many windows.</param>
public sealed record QualityRejectionsView(long Duplicate, long Range, long Stuck, long Jump, long Neighbour, long Gap);
