using System.Collections.Frozen;

namespace EdgeCompute.Coordinator.Domain.Epochs.Quality;

/// <summary>
/// Settings of <see cref="DataQualityChecker"/>, bound from the <c>DataQualityOptions</c> configuration section and
/// checked with <see cref="Validate"/> at start.
/// </summary>
public sealed record DataQualityOptions
{
    /// <summary>
    /// Default limits by channel name: <c>temp</c> −40…85 °C (jump 5 °C, neighbours 3 °C), <c>hum</c> 0…100 %RH
    /// (jump 20, neighbours 10), <c>press</c> 300…1100 hPa (jump 5 hPa, neighbours 5 hPa). The channel names and units
    /// are those the firmware and gateway report.
    /// </summary>
    public static IReadOnlyDictionary<string, ChannelQualityLimits> DefaultChannels { get; } = new Dictionary<string, ChannelQualityLimits>(StringComparer.Ordinal)
    {
        ["temp"] = new(-40, 85, 5, 3),
        ["hum"] = new(0, 100, 20, 10),
        ["press"] = new(300, 1100, 5, 5),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Expected window length: consecutive windows start this far apart, and gaps are counted in it.</summary>
    public TimeSpan WindowLength { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Limits per channel name; a channel without limits skips the range, jump and neighbour checks.</summary>
    public IReadOnlyDictionary<string, ChannelQualityLimits> Channels { get; init; } = DefaultChannels;

    /// <summary>A run of at least this many consecutive windows with <c>min = max</c> and the same mean is a stuck sensor.</summary>
    public int StuckWindows { get; init; } = 5;

    /// <summary>
    /// Share of the windows between a series' first and last that may be missing without penalty (0.1 = 10 %); beyond
    /// it the series' qualified readings are scaled by present / expected windows.
    /// </summary>
    public double GapTolerance { get; init; } = 0.1;

    /// <summary>Fewest devices behind one gateway reporting a channel in the same window for the neighbour check to run (at least 3).</summary>
    public int NeighbourMinDevices { get; init; } = 3;

    /// <summary>Checks every setting; the failure names the setting.</summary>
    /// <returns>Success, or the first broken setting with its reason.</returns>
    public DataQualityValidation Validate()
    {
        if (WindowLength < TimeSpan.FromMilliseconds(1))
            return DataQualityValidation.Fail(nameof(WindowLength), $"must be at least 1 ms, was {WindowLength}");
        if (Channels is null)
            return DataQualityValidation.Fail(nameof(Channels), "must not be null");
        foreach (var (channel, limits) in Channels)
        {
            if (limits is null || !limits.IsValid)
                return DataQualityValidation.Fail(nameof(Channels), $"limits of '{channel}' must be finite with Min < Max and a positive jump and tolerance, were {limits}");
        }
        if (StuckWindows < 2)
            return DataQualityValidation.Fail(nameof(StuckWindows), $"must be at least 2, was {StuckWindows}");
        if (!(GapTolerance is >= 0 and <= 1))
            return DataQualityValidation.Fail(nameof(GapTolerance), $"must be in 0..1, was {GapTolerance}");
        if (NeighbourMinDevices < 3)
            return DataQualityValidation.Fail(nameof(NeighbourMinDevices), $"must be at least 3 (with two devices neither can be told wrong), was {NeighbourMinDevices}");
        return DataQualityValidation.Success;
    }
}
