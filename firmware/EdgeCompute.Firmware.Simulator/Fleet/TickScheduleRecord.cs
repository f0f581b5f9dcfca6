namespace EdgeCompute.Firmware.Simulator.Fleet;

/// <summary>
/// How well a <see cref="FleetSimulator"/> run kept its schedule: a step that takes longer than the tick interval
/// delays the next one, and a device whose tick comes later than its next sample slot skips that sample, so overrun
/// steps are where a fleet too large for the machine loses readings.
/// </summary>
/// <remarks>Written by the flow that runs the fleet; read it after the run (or accept a slightly stale value).</remarks>
public sealed class TickScheduleRecord
{
    /// <summary>Gets when the ticking began (<see cref="FleetSimulator.RunAsync"/> after the start); null before.</summary>
    public DateTimeOffset? Since { get; private set; }

    /// <summary>Gets how many steps ran.</summary>
    public long Steps { get; private set; }

    /// <summary>Gets how many steps took longer than the tick interval.</summary>
    public long Overruns { get; private set; }

    /// <summary>Gets the longest step.</summary>
    public TimeSpan Longest { get; private set; }

    /// <summary>Marks the start of the ticking.</summary>
    /// <param name="now">The time the ticking began.</param>
    internal void Begin(DateTimeOffset now) => Since ??= now;

    /// <summary>Records one step.</summary>
    /// <param name="started">When the step began.</param>
    /// <param name="ended">When it ended.</param>
    /// <param name="interval">The tick interval it had to fit in.</param>
    internal void Record(DateTimeOffset started, DateTimeOffset ended, TimeSpan interval)
    {
        var took = ended - started;
        Steps++;
        if (took > interval)
        {
            Overruns++;
        }

        if (took > Longest)
        {
            Longest = took;
        }
    }
}
