namespace EdgeCompute.Firmware.Simulator.Platform;

/// <summary>
/// Boot counters kept in memory for the life of the simulator: they survive the devices' simulated reboots but not
/// the process, so a second run of the same devices repeats their boots (tests and throw-away fleets only; the CLI
/// keeps them in a <see cref="SimulatorStateFile"/>).
/// </summary>
public sealed class InMemoryBootStore : IBootStore
{
    private readonly Dictionary<string, uint> _boots = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Gets the last boot handed out to a device (0 before its first).</summary>
    /// <param name="deviceId">The device.</param>
    /// <returns>The boot.</returns>
    public uint Last(string deviceId)
    {
        lock (_lock)
        {
            return _boots.GetValueOrDefault(deviceId);
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<uint> Reserve(IReadOnlyList<string> deviceIds)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        lock (_lock)
        {
            var next = deviceIds.Select(id => BootNumbers.Next(id, _boots.GetValueOrDefault(id))).ToArray();
            for (var i = 0; i < next.Length; i++)
            {
                _boots[deviceIds[i]] = next[i];
            }

            return next;
        }
    }
}
