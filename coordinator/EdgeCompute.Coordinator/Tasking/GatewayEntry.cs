using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>What <see cref="NodeDirectory"/> keeps of one gateway (under its lock).</summary>
internal sealed class GatewayEntry
{
    public GatewayBirth? Birth { get; set; }

    public bool Online { get; set; }

    /// <summary>Gets or sets whether it is offline because it fell silent (not by its will or state): any word from it brings it back.</summary>
    public bool Silent { get; set; }

    public GatewayStatusReport? Status { get; set; }

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
