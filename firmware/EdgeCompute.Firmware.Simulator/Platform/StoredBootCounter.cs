using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Simulator.Platform;

/// <summary>
/// A virtual device's boot counter over the simulator's <see cref="IBootStore"/>: each boot is reserved in the store
/// (durably, for a <see cref="SimulatorStateFile"/>) before the agent uses it, as the firmware writes its counter to
/// flash before the first frame. The fleet reserves the first boot of all its devices in one write
/// (<see cref="Prime"/>); a reboot reserves the next one alone.
/// </summary>
public sealed class StoredBootCounter : IBootCounter
{
    private readonly IBootStore _store;
    private readonly string _deviceId;
    private uint _current;
    private uint _primed;

    /// <summary>Creates the counter of one device.</summary>
    /// <param name="store">Where the boots are kept.</param>
    /// <param name="deviceId">The device.</param>
    public StoredBootCounter(IBootStore store, string deviceId)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _deviceId = deviceId ?? throw new ArgumentNullException(nameof(deviceId));
    }

    /// <summary>Gets the boot handed out last (0 before the first boot).</summary>
    public uint Current => Volatile.Read(ref _current);

    /// <inheritdoc/>
    public uint NextBoot()
    {
        var next = Interlocked.Exchange(ref _primed, 0);
        if (next == 0)
        {
            next = _store.Reserve([_deviceId])[0];
        }

        Volatile.Write(ref _current, next);
        return next;
    }

    /// <summary>Hands a boot the store already reserved for this device to the next <see cref="NextBoot"/>.</summary>
    /// <param name="reserved">The reserved boot.</param>
    internal void Prime(uint reserved) => Volatile.Write(ref _primed, reserved);
}
