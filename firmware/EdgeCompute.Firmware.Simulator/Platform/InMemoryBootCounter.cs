using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Simulator.Platform;

/// <summary>
/// The boot counter of a virtual device, kept in memory by the simulator for the device's whole life, so it survives
/// the device's simulated reboots (as flash does on the ESP32) but not the simulator process.
/// </summary>
public sealed class InMemoryBootCounter : IBootCounter
{
    private long _current;

    /// <summary>Creates a counter whose first <see cref="NextBoot"/> returns <paramref name="lastBoot"/> + 1.</summary>
    /// <param name="lastBoot">The boot counter stored before this simulation (0 for a new device).</param>
    public InMemoryBootCounter(uint lastBoot = 0)
    {
        _current = lastBoot;
    }

    /// <summary>Gets the last boot number handed out (0 before the first boot).</summary>
    public uint Current => (uint)Interlocked.Read(ref _current);

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The counter would pass <see cref="uint.MaxValue"/>.</exception>
    public uint NextBoot()
    {
        var next = Interlocked.Increment(ref _current);
        if (next > uint.MaxValue)
        {
            throw new InvalidOperationException("boot counter exhausted");
        }

        return (uint)next;
    }
}
