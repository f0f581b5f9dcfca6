using System.Runtime.InteropServices;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Sensors;

/// <summary>The readings of the open window, per channel; closing it summarises them with the spec's integer arithmetic.</summary>
internal sealed class GatewayTelemetryWindow
{
    private readonly IReadOnlyList<SensorChannel> _channels;
    private readonly List<long>[] _samples;

    public GatewayTelemetryWindow(IReadOnlyList<SensorChannel> channels, int samplesPerWindow)
    {
        _channels = channels;
        _samples = new List<long>[channels.Count];
        for (var i = 0; i < _samples.Length; i++)
        {
            _samples[i] = new List<long>(samplesPerWindow);
        }
    }

    /// <summary>Gets the window's start, ms since the epoch.</summary>
    public long StartMs { get; private set; }

    /// <summary>Gets whether a window is open.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Gets the readings taken in this window.</summary>
    public long Readings { get; private set; }

    /// <summary>Gets the failed channel reads in this window.</summary>
    public long Dropouts { get; private set; }

    /// <summary>Opens an empty window starting at <paramref name="startMs"/>.</summary>
    public void Open(long startMs)
    {
        foreach (var samples in _samples)
        {
            samples.Clear();
        }

        StartMs = startMs;
        Readings = 0;
        Dropouts = 0;
        IsOpen = true;
    }

    /// <summary>Adds one reading of channel <paramref name="channel"/>.</summary>
    public void Add(int channel, long mantissa)
    {
        _samples[channel].Add(mantissa);
        Readings++;
    }

    /// <summary>Counts <paramref name="count"/> channel reads that failed.</summary>
    public void AddDropouts(int count) => Dropouts += count;

    /// <summary>Closes the window; returns its summary, or null when no channel has a reading.</summary>
    public WindowSummary? Close(string sourceId, long lengthMs)
    {
        IsOpen = false;
        var summaries = new List<ChannelSummary>(_channels.Count);
        for (var i = 0; i < _channels.Count; i++)
        {
            if (_samples[i].Count > 0)
            {
                var channel = _channels[i];
                summaries.Add(ChannelSummary.FromSamples(channel.Name, channel.Unit, channel.Exponent, CollectionsMarshal.AsSpan(_samples[i])));
            }
        }

        return summaries.Count > 0 ? new WindowSummary(sourceId, StartMs, lengthMs, summaries) : null;
    }
}
