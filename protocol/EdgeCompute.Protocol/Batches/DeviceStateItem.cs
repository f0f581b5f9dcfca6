namespace EdgeCompute.Protocol.Batches;

/// <summary>Item kind 3, <c>[3, device id, online, time]</c>: a device state change seen by the gateway.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Online">Whether it came online (true) or went offline.</param>
/// <param name="TimeMs">When the gateway saw it, ms since the Unix epoch.</param>
public sealed record DeviceStateItem(string DeviceId, bool Online, long TimeMs) : BatchItem
{
    /// <inheritdoc/>
    public override BatchItemKind Kind => BatchItemKind.DeviceState;
}
