using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Simulator.Platform;

/// <summary>The device clock of a virtual device, read from a <see cref="TimeProvider"/> (a fake one in tests).</summary>
public sealed class TimeProviderDeviceClock : IDeviceClock
{
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a clock over <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">The time source.</param>
    public TimeProviderDeviceClock(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <inheritdoc/>
    public long UtcMilliseconds => Math.Max(0, _timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
}
