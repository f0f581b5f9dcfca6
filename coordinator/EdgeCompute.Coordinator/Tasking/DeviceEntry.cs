namespace EdgeCompute.Coordinator.Tasking;

/// <summary>What <see cref="NodeDirectory"/> keeps of one device (under its lock).</summary>
internal sealed class DeviceEntry
{
    public string? GatewayId { get; set; }

    public HashSet<string> Kernels { get; set; } = new(StringComparer.Ordinal);

    public bool Online { get; set; }

    public uint Boot { get; set; }

    public long StateTimeMs { get; set; } = long.MinValue;

    public DateTimeOffset? LastSeen { get; private set; }

    /// <summary>Moves the last-seen time forward (never back: a restored time may be older than a live one).</summary>
    public void Seen(DateTimeOffset at)
    {
        if (LastSeen is null || at > LastSeen)
        {
            LastSeen = at;
        }
    }
}
