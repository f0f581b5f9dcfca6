namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// One entry of a batch body's item list: <see cref="DeviceFrameItem"/>, <see cref="GatewayTelemetryItem"/>,
/// <see cref="DeviceStateItem"/>, <see cref="TelemetryGapItem"/>, <see cref="TaskReturnedItem"/> or
/// <see cref="GatewayTaskResultItem"/>.
/// </summary>
public abstract record BatchItem
{
    private protected BatchItem()
    {
    }

    /// <summary>The item's kind (its first array element).</summary>
    public abstract BatchItemKind Kind { get; }
}
