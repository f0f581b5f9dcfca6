namespace EdgeCompute.Coordinator.Registry;

/// <summary>A device as the registry knows it. Immutable: a rotation or move replaces the whole record.</summary>
/// <param name="Id">The device id.</param>
/// <param name="OwnerId">The owner's id.</param>
/// <param name="HomeGatewayId">The gateway the device is provisioned behind.</param>
/// <param name="Key">The 32-byte device key (frame MACs).</param>
/// <param name="HardwareClass">The hardware class (for example <c>esp32</c>).</param>
/// <param name="ApprovedForDataRewards">Whether its sensor data earns rewards.</param>
public sealed record RegisteredDevice(string Id, string OwnerId, string HomeGatewayId, ReadOnlyMemory<byte> Key, string HardwareClass, bool ApprovedForDataRewards);
