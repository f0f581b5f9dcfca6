using System.Text.Json;
using EdgeCompute.Firmware.Simulator;
using EdgeCompute.Firmware.Simulator.Reporting;

namespace EdgeCompute.Cli.Simulate;

/// <summary>The totals <c>edgecompute simulate</c> prints, and with <c>--json</c> as one JSON object on the last line.</summary>
/// <param name="Seed">The fleet seed.</param>
/// <param name="Devices">How many devices ran.</param>
/// <param name="Seconds">How long they ran, in seconds of wall-clock time.</param>
/// <param name="ReadingsProduced">Readings sampled.</param>
/// <param name="ReadingsSent">Readings in telemetry frames the broker accepted.</param>
/// <param name="ReadingsDropped">Readings in frames a full ring dropped.</param>
/// <param name="ReadingsLostInReboots">Readings lost to power losses.</param>
/// <param name="FramesSent">Frames (telemetry and results) the broker accepted.</param>
/// <param name="ResultsSent">Task results the broker accepted.</param>
/// <param name="ResultsFalsified">Results a cheater forged.</param>
/// <param name="TasksReceived">Task assignments that arrived.</param>
/// <param name="TasksIgnored">Task assignments a lazy device dropped.</param>
/// <param name="ConnectAttempts">Connection attempts.</param>
/// <param name="Disconnects">Link losses the flaky behaviour caused.</param>
/// <param name="Reboots">Reboots after the first boot.</param>
/// <param name="TickErrors">Device ticks that failed.</param>
internal sealed record SimulationSummary(
    int Seed,
    int Devices,
    double Seconds,
    long ReadingsProduced,
    long ReadingsSent,
    long ReadingsDropped,
    long ReadingsLostInReboots,
    long FramesSent,
    long ResultsSent,
    long ResultsFalsified,
    long TasksReceived,
    long TasksIgnored,
    long ConnectAttempts,
    long Disconnects,
    long Reboots,
    long TickErrors)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    /// <summary>Takes the totals from a simulator's report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="seconds">How long the simulation ran.</param>
    /// <param name="tickErrors">How many device ticks failed.</param>
    /// <returns>The summary.</returns>
    public static SimulationSummary From(SimulationReport report, double seconds, long tickErrors)
    {
        ArgumentNullException.ThrowIfNull(report);
        var t = report.Totals;
        return new(
            report.Seed, report.Devices.Count, Math.Round(seconds, 3), t.ReadingsProduced, t.ReadingsPublished, t.ReadingsDropped, t.ReadingsLostInReboots,
            t.FramesPublished, t.ResultsSent, t.ResultsFalsified, t.TasksReceived, t.TasksIgnored, t.ConnectAttempts, t.Disconnects, t.Reboots, tickErrors);
    }

    /// <summary>Gets the summary as one line of JSON (camelCase names).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, _json);
}
