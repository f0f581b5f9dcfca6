namespace EdgeCompute.Coordinator.Domain.Epochs.Quality;

/// <summary>Physical limits of one channel, in the channel's unit.</summary>
/// <param name="Min">Lowest plausible reading (e.g. −40 °C, the range of common sensors).</param>
/// <param name="Max">Highest plausible reading.</param>
/// <param name="MaxJump">Largest plausible change of the mean from one window to the next.</param>
/// <param name="NeighbourTolerance">Largest plausible distance of a device's mean from the median of its neighbours' means.</param>
public sealed record ChannelQualityLimits(double Min, double Max, double MaxJump, double NeighbourTolerance)
{
    /// <summary>Whether the limits are usable: finite, <c>Min &lt; Max</c>, positive jump and tolerance.</summary>
    public bool IsValid => double.IsFinite(Min) && double.IsFinite(Max) && Min < Max
        && double.IsFinite(MaxJump) && MaxJump > 0 && double.IsFinite(NeighbourTolerance) && NeighbourTolerance > 0;
}
