namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>The device's wall clock (SNTP-synchronised on the ESP32, a fake in tests).</summary>
public interface IDeviceClock
{
    /// <summary>Gets the current UTC time in milliseconds since the Unix epoch (never negative).</summary>
    long UtcMilliseconds { get; }
}
