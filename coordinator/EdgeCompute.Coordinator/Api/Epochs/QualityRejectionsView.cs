using EdgeCompute.Coordinator.Domain.Epochs.Quality;

namespace EdgeCompute.Coordinator.Api.Epochs;

/// <summary>Readings a device's data lost to each check over an epoch.</summary>
/// <param name="Duplicate">In a second window of the same channel and start (only the first counts).</param>
/// <param name="Range">In windows outside the channel's range.</param>
/// <param name="Stuck">In runs of identical flat windows.</param>
/// <param name="Jump">In windows whose mean jumped too far from the previous one's.</param>
/// <param name="Neighbour">In windows too far from the median of the neighbours behind the same gateway.</param>
/// <param name="Gap">Taken away because the series missed more windows than tolerated.</param>
public sealed record QualityRejectionsView(long Duplicate, long Range, long Stuck, long Jump, long Neighbour, long Gap)
{
    /// <summary>Builds the view.</summary>
    /// <param name="rejections">The rejections.</param>
    /// <returns>The view.</returns>
    public static QualityRejectionsView Of(QualityRejections rejections)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        return new(rejections.Duplicate, rejections.Range, rejections.Stuck, rejections.Jump, rejections.Neighbour, rejections.Gap);
    }
}
