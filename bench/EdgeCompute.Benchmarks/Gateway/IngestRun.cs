using System.Globalization;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>One timed ingest run and its result table (measured frames only; warm-up excluded from the timing, included in the outbox rows).</summary>
internal sealed record IngestRun(
    string Sync, int Devices, long Frames, TimeSpan Elapsed, long OutboxRows, TimeSpan Cpu, long Commits, long AllocatedBytes, long Gen0, long Gen2,
    TimeSpan P50, TimeSpan P99, int ReadingsPerFrame = IngestHarness.SamplesPerFrame, string Bridges = "off", string Metrics = "off", int Scrapes = 0)
{
    public const double FramesGoal = 20_000;
    public const double ReadingsGoal = 200_000;

    public double FramesPerSecond => Frames / Elapsed.TotalSeconds;

    public double ReadingsPerSecond => FramesPerSecond * ReadingsPerFrame;

    public static void PrintTable(TextWriter output, IReadOnlyList<IngestRun> runs)
    {
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("| synchronous | bridges | metrics (scrapes) | devices | frames | seconds | frames/s | readings/s | outbox rows | process CPU s | CPU of all cores | commits | frames/commit | PUBACK p50 | PUBACK p99 | allocated B/frame | gen0 / gen2 GCs |");
        output.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in runs)
        {
            output.WriteLine(string.Format(inv,
                "| {0} | {16} | {17} ({18}) | {1:N0} | {2:N0} | {3:F2} | {4:N0} | {5:N0} | {6:N0} | {7:F2} | {8:P0} | {9:N0} | {10:F1} | {11:F1} ms | {12:F1} ms | {13:N0} | {14} / {15} |",
                r.Sync, r.Devices, r.Frames, r.Elapsed.TotalSeconds, r.FramesPerSecond, r.ReadingsPerSecond, r.OutboxRows,
                r.Cpu.TotalSeconds, r.Cpu.TotalSeconds / r.Elapsed.TotalSeconds / Environment.ProcessorCount,
                r.Commits, r.Commits == 0 ? 0 : (double)r.Frames / r.Commits, r.P50.TotalMilliseconds, r.P99.TotalMilliseconds,
                r.Frames == 0 ? 0 : r.AllocatedBytes / r.Frames, r.Gen0, r.Gen2, r.Bridges, r.Metrics, r.Scrapes));
        }

        output.WriteLine();
        foreach (var down in runs.Where(r => r.Bridges != "off"))
        {
            if (runs.FirstOrDefault(r => r.Bridges == "off" && r.Sync == down.Sync) is { } off)
            {
                output.WriteLine(string.Format(inv, "bridges {0} / off ({1}, same sitting): {2:F3} of the frames/s, PUBACK p50 {3:F1} vs {4:F1} ms",
                    down.Bridges, down.Sync, down.FramesPerSecond / off.FramesPerSecond, down.P50.TotalMilliseconds, off.P50.TotalMilliseconds));
            }
        }

        foreach (var on in runs.Where(r => r.Metrics == "on"))
        {
            if (runs.FirstOrDefault(r => r.Metrics == "off" && r.Sync == on.Sync && r.Bridges == on.Bridges) is { } off)
            {
                output.WriteLine(string.Format(inv, "metrics on / off ({0}, same sitting): {1:F3} of the frames/s, PUBACK p50 {2:F1} vs {3:F1} ms, process CPU s {4:F2} vs {5:F2}, allocated B/frame {6:N0} vs {7:N0}",
                    on.Sync, on.FramesPerSecond / off.FramesPerSecond, on.P50.TotalMilliseconds, off.P50.TotalMilliseconds, on.Cpu.TotalSeconds, off.Cpu.TotalSeconds,
                    on.Frames == 0 ? 0 : on.AllocatedBytes / on.Frames, off.Frames == 0 ? 0 : off.AllocatedBytes / off.Frames));
            }
        }

        foreach (var r in runs)
        {
            output.WriteLine(string.Format(inv, "goal ({0}, bridges {6}): >= {1:N0} frames/s and >= {2:N0} readings/s: {3} ({4:N0} frames/s, {5:N0} readings/s)",
                r.Sync, FramesGoal, ReadingsGoal, r.FramesPerSecond >= FramesGoal && r.ReadingsPerSecond >= ReadingsGoal ? "MET" : "MISSED",
                r.FramesPerSecond, r.ReadingsPerSecond, r.Bridges));
        }
    }
}
