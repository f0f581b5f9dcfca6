namespace EdgeCompute.Protocol.Telemetry;

/// <summary>
/// The field names a raw-sample channel's decode errors carry ("channel 0: unit (key 2)"), built once per channel index
/// for the first channels, so decoding a good frame builds no strings on the gateway's ingest path.
/// </summary>
internal sealed class RawChannelLabels
{
    private static readonly RawChannelLabels[] _cached = Enumerable.Range(0, 16).Select(i => new RawChannelLabels(i)).ToArray();

    private RawChannelLabels(int index)
    {
        What = $"channel {index}";
        Channel = $"{What}: channel (key 1)";
        Unit = $"{What}: unit (key 2)";
        Exponent = $"{What}: exponent (key 3)";
        StartMs = $"{What}: t0 (key 4)";
        IntervalMs = $"{What}: interval (key 5)";
        Count = $"{What}: count (key 6)";
        First = $"{What}: first (key 7)";
        Deltas = $"{What}: deltas (key 8)";
    }

    public string What { get; }

    public string Channel { get; }

    public string Unit { get; }

    public string Exponent { get; }

    public string StartMs { get; }

    public string IntervalMs { get; }

    public string Count { get; }

    public string First { get; }

    public string Deltas { get; }

    /// <summary>The labels of the channel at <paramref name="index"/> (cached for the first 16).</summary>
    public static RawChannelLabels For(int index) => index < _cached.Length ? _cached[index] : new RawChannelLabels(index);
}
