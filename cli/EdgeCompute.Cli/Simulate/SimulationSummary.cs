using System.Text.Json;
using EdgeCompute.Firmware.Simulator;
using EdgeCompute.Firmware.Simulator.Fleet;
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
/// <param name="TickingSinceMs">When the devices began ticking on their schedule (after every device's first connect attempt), ms since the epoch; 0 when they never did.</param>
/// <param name="Steps">Steps of the tick schedule run (every device ticked once each).</param>
/// <param name="StepsOverrun">Steps that took longer than the tick interval (the schedule slipped; a device may skip a sample).</param>
/// <param name="LongestStepMs">The longest step, in ms.</param>
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
    long TickErrors,
    long TickingSinceMs = 0,
    long Steps = 0,
    long StepsOverrun = 0,
    double LongestStepMs = 0)
{
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web);

    /// <summary>Takes the totals from a simulator's report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="seconds">How long the simulation ran.</param>
    /// <param name="tickErrors">How many device ticks failed.</param>
    /// <param name="schedule">How well the run kept its tick schedule.</param>
    /// <returns>The summary.</returns>
    public static SimulationSummary From(SimulationReport report, double seconds, long tickErrors, TickScheduleRecord schedule)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(schedule);
        var t = report.Totals;
        return new(
            report.Seed, report.Devices.Count, Math.Round(seconds, 3), t.ReadingsProduced, t.ReadingsPublished, t.ReadingsDropped, t.ReadingsLostInReboots,
            t.FramesPublished, t.ResultsSent, t.ResultsFalsified, t.TasksReceived, t.TasksIgnored, t.ConnectAttempts, t.Disconnects, t.Reboots, tickErrors,
            schedule.Since?.ToUnixTimeMilliseconds() ?? 0, schedule.Steps, schedule.Overruns, Math.Round(schedule.Longest.TotalMilliseconds, 1));
    }

    /// <summary>Gets the summary as one line of JSON (camelCase names).</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, _json);
}
