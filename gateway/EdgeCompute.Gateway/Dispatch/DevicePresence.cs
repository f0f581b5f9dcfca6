namespace EdgeCompute.Gateway.Dispatch;

/// <summary>What the dispatcher knows of one attached device, from the births and states the broker stored.</summary>
internal sealed class DevicePresence
{
    public bool Online { get; set; }

    /// <summary>Gets or sets the boot counter of the last birth, or null before any birth.</summary>
    public uint? Boot { get; set; }

    public HashSet<string> Kernels { get; set; } = new(StringComparer.Ordinal);
}
