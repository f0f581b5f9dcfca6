namespace EdgeCompute.Firmware.Simulator.Reporting;

/// <summary>
/// What one device (or the whole fleet) did. Readings balance as
/// <c>ReadingsProduced = ReadingsPublished + ReadingsDropped + ReadingsLostInReboots + readings still buffered or in
/// the open window</c>; a reading is one sample of one channel, as in the protocol.
/// </summary>
public sealed record SimulationCounts
{
    /// <summary>Gets the readings sampled, over every boot (the agents' <c>ReadingsProduced</c> summed, lost ones included).</summary>
    public long ReadingsProduced { get; init; }

    /// <summary>Gets the readings lost to power-loss reboots: in frames still in the old ring or in the open window.</summary>
    public long ReadingsLostInReboots { get; init; }

    /// <summary>Gets the readings in telemetry frames the full ring evicted or refused (the agents' <c>ReadingsDropped</c>).</summary>
    public long ReadingsDropped { get; init; }

    /// <summary>Gets the readings in telemetry frames the broker accepted.</summary>
    public long ReadingsPublished { get; init; }

    /// <summary>Gets the frames from the ring (telemetry and results, not births) the broker accepted.</summary>
    public long FramesPublished { get; init; }

    /// <summary>Gets the telemetry frames the broker accepted.</summary>
    public long TelemetryFramesPublished { get; init; }

    /// <summary>Gets the frames still in the ring when a power-loss reboot wiped it.</summary>
    public long FramesLostInReboots { get; init; }

    /// <summary>Gets the results the broker accepted.</summary>
    public long ResultsSent { get; init; }

    /// <summary>Gets the results sent with a forged output (cheaters only).</summary>
    public long ResultsFalsified { get; init; }

    /// <summary>Gets the task messages that arrived on the task topic.</summary>
    public long TasksReceived { get; init; }

    /// <summary>Gets the task messages a lazy device dropped.</summary>
    public long TasksIgnored { get; init; }

    /// <summary>Gets the connection attempts (first connect and every reconnect attempt).</summary>
    public long ConnectAttempts { get; init; }

    /// <summary>Gets the link losses the flaky-link behaviour caused.</summary>
    public long Disconnects { get; init; }

    /// <summary>Gets the publishes the flaky-link behaviour refused.</summary>
    public long PublishesRefused { get; init; }

    /// <summary>Gets the reboots after the first boot.</summary>
    public long Reboots { get; init; }

    /// <summary>Gets the failed sensor reads (dropouts).</summary>
    public long SensorDropouts { get; init; }

    /// <summary>Gets the sensor reads that were spikes.</summary>
    public long SensorSpikes { get; init; }

    /// <summary>Gets the sensor reads that returned a stuck value.</summary>
    public long SensorStuckReads { get; init; }

    /// <summary>Adds counts up.</summary>
    /// <param name="counts">The counts.</param>
    /// <returns>The sums.</returns>
    public static SimulationCounts Sum(IEnumerable<SimulationCounts> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var total = new SimulationCounts();
        foreach (var c in counts)
        {
            total = new SimulationCounts
            {
                ReadingsProduced = total.ReadingsProduced + c.ReadingsProduced,
                ReadingsLostInReboots = total.ReadingsLostInReboots + c.ReadingsLostInReboots,
                ReadingsDropped = total.ReadingsDropped + c.ReadingsDropped,
                ReadingsPublished = total.ReadingsPublished + c.ReadingsPublished,
                FramesPublished = total.FramesPublished + c.FramesPublished,
                TelemetryFramesPublished = total.TelemetryFramesPublished + c.TelemetryFramesPublished,
                FramesLostInReboots = total.FramesLostInReboots + c.FramesLostInReboots,
                ResultsSent = total.ResultsSent + c.ResultsSent,
                ResultsFalsified = total.ResultsFalsified + c.ResultsFalsified,
                TasksReceived = total.TasksReceived + c.TasksReceived,
                TasksIgnored = total.TasksIgnored + c.TasksIgnored,
                ConnectAttempts = total.ConnectAttempts + c.ConnectAttempts,
                Disconnects = total.Disconnects + c.Disconnects,
                PublishesRefused = total.PublishesRefused + c.PublishesRefused,
                Reboots = total.Reboots + c.Reboots,
                SensorDropouts = total.SensorDropouts + c.SensorDropouts,
                SensorSpikes = total.SensorSpikes + c.SensorSpikes,
                SensorStuckReads = total.SensorStuckReads + c.SensorStuckReads,
            };
        }

        return total;
    }
}
