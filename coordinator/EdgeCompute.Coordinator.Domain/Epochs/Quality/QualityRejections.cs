namespace EdgeCompute.Coordinator.Domain.Epochs.Quality;

/// <summary>
/// Readings taken away by each check. A window is rejected by the first check it fails, in the order listed here,
/// so the window counts add up; <see cref="Gap"/> is the reduction applied afterwards to series with too many gaps.
/// </summary>
/// <param name="Duplicate">Readings in a second window of the same device, channel and start (only the first counts).</param>
/// <param name="Range">Readings in windows whose min or max lies outside the channel's range.</param>
/// <param name="Stuck">Readings in windows of a run of identical flat windows.</param>
/// <param name="Jump">Readings in windows whose mean jumped too far from the previous window's.</param>
/// <param name="Neighbour">Readings in windows too far from the median of the neighbours behind the same gateway.</param>
/// <param name="Gap">Readings removed because the series missed more windows than tolerated.</param>
public sealed record QualityRejections(long Duplicate, long Range, long Stuck, long Jump, long Neighbour, long Gap)
{
    /// <summary>No rejections.</summary>
    public static QualityRejections None { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>
    /// Gets the checks that took readings away, named as the API names them, in this order: <c>range</c>, <c>stuck</c>,
    /// <c>jump</c>, <c>gap</c>, <c>neighbour</c>. A duplicate window is not a check the data fails (only the first counts),
    /// so it is not listed.
    /// </summary>
    public IReadOnlyList<string> FailedChecks =>
        [.. new[] { ("range", Range), ("stuck", Stuck), ("jump", Jump), ("gap", Gap), ("neighbour", Neighbour) }.Where(c => c.Item2 > 0).Select(c => c.Item1)];

    /// <summary>Every rejected reading.</summary>
    public long Total => Duplicate + Range + Stuck + Jump + Neighbour + Gap;

    /// <summary>Adds two sets of rejections.</summary>
    /// <param name="other">The other set.</param>
    /// <returns>The sums.</returns>
    public QualityRejections Plus(QualityRejections other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(checked(Duplicate + other.Duplicate), checked(Range + other.Range), checked(Stuck + other.Stuck), checked(Jump + other.Jump),
            checked(Neighbour + other.Neighbour), checked(Gap + other.Gap));
    }
}
