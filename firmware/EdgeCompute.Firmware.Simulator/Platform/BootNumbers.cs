namespace EdgeCompute.Firmware.Simulator.Platform;

/// <summary>The one rule every boot store applies: the next boot is one more than the last, and a counter never wraps.</summary>
internal static class BootNumbers
{
    public static uint Next(string deviceId, uint last) =>
        last == uint.MaxValue ? throw new InvalidOperationException($"{deviceId}: boot counter exhausted") : last + 1;
}
