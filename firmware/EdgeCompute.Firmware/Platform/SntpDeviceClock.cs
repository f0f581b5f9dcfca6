using System;
using EdgeCompute.Firmware.Core.Agent;

namespace EdgeCompute.Firmware.Platform;

/// <summary>
/// The agent's wall clock: <see cref="DateTime.UtcNow"/>, which the ESP32 image sets from SNTP once Wi-Fi has an
/// address (Program waits for that before the agent starts). Uses mscorlib only.
/// </summary>
public sealed class SntpDeviceClock : IDeviceClock
{
    // 1970-01-01T00:00:00Z in DateTime ticks (100 ns); DateTime.UnixEpoch is not in nanoFramework's mscorlib.
    private const long UnixEpochTicks = 621355968000000000;

    /// <inheritdoc/>
    public long UtcMilliseconds
    {
        get
        {
            var ms = (DateTime.UtcNow.Ticks - UnixEpochTicks) / TimeSpan.TicksPerMillisecond;
            return ms < 0 ? 0 : ms;
        }
    }
}
