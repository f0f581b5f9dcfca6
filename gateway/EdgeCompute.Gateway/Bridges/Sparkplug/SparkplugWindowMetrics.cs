namespace EdgeCompute.Gateway.Bridges.Sparkplug;

/// <summary>
/// A stored window as Sparkplug device metrics: per channel <c>{channel}/mean</c>, <c>/min</c>, <c>/max</c> (Double, in
/// the channel's unit) and <c>/count</c> (Int64); <c>Window/Length</c> (Int64, ms); and for a device's frame
/// <c>Frame/Boot</c> and <c>Frame/Seq</c>, the device's own counters (Int64: the specification carries UInt32 in
/// <c>int_value</c>, but Eclipse Tahu's JavaScript decoder reads UInt32 from <c>long_value</c>; Int64 is read alike by both). Every metric's timestamp is the window
/// start.
/// </summary>
internal static class SparkplugWindowMetrics
{
    public static IReadOnlyList<SparkplugMetric> Of(WindowStored stored)
    {
        var summary = stored.Summary!;
        var metrics = new List<SparkplugMetric>((summary.Channels.Count * 4) + 3);
        foreach (var channel in summary.Channels)
        {
            metrics.Add(SparkplugMetric.Double($"{channel.Channel}/mean", (double)BridgeValues.Scale(channel.Mean, channel.Exponent)));
            metrics.Add(SparkplugMetric.Double($"{channel.Channel}/min", (double)BridgeValues.Scale(channel.Min, channel.Exponent)));
            metrics.Add(SparkplugMetric.Double($"{channel.Channel}/max", (double)BridgeValues.Scale(channel.Max, channel.Exponent)));
            metrics.Add(SparkplugMetric.Int64($"{channel.Channel}/count", channel.Count));
        }

        metrics.Add(SparkplugMetric.Int64("Window/Length", summary.WindowLengthMs));
        if (stored is { Boot: { } boot, Seq: { } seq })
        {
            metrics.Add(SparkplugMetric.Int64("Frame/Boot", boot));
            metrics.Add(SparkplugMetric.Int64("Frame/Seq", seq));
        }

        return metrics;
    }
}
