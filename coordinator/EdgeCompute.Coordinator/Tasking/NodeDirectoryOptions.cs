namespace EdgeCompute.Coordinator.Tasking;

/// <summary>Settings of <see cref="NodeDirectory"/>.</summary>
public sealed class NodeDirectoryOptions
{
    /// <summary>Gets or sets how many tasks a device holds at once (its task queue; the firmware runs one at a time).</summary>
    public int DeviceTaskSlots { get; set; } = 2;

    /// <summary>Gets or sets the most WASM tasks a gateway holds at once, whatever its cores.</summary>
    public int MaxGatewayTaskSlots { get; set; } = 8;
}
