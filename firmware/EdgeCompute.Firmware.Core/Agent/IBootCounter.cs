namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>The boot counter the platform keeps across restarts (flash on the ESP32, a file or memory elsewhere).</summary>
public interface IBootCounter
{
    /// <summary>Increments the stored counter, persists it, and returns the new value.</summary>
    /// <returns>A boot number greater than every earlier one for this device.</returns>
    uint NextBoot();
}
