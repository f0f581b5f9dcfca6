using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>Turns decoded telemetry bodies into store rows.</summary>
internal static class TelemetryRows
{
    public static List<TelemetryPoint> From(string source, WindowSummary summary) =>
        [.. summary.Channels.Select(c => new TelemetryPoint(source, c.Channel, c.Unit, c.Exponent, summary.WindowStartMs, summary.WindowLengthMs, c.Count, c.Min, c.Max, c.Mean, c.Variance))];

    public static List<TelemetryPoint> From(string source, IReadOnlyList<RawSampleChannel> channels)
    {
        var points = new List<TelemetryPoint>();
        foreach (var c in channels)
        {
            for (var i = 0; i < c.Values.Count; i++)
            {
                var v = c.Values[i];
                points.Add(new TelemetryPoint(source, c.Channel, c.Unit, c.Exponent, c.StartMs + (i * c.IntervalMs), 0, 1, v, v, v, 0));
            }
        }

        return points;
    }
}
