namespace EdgeCompute.Protocol.Provisioning;

/// <summary>A device in the coordinator registry; only the coordinator and the device itself hold its key.</summary>
/// <param name="Id">The device id.</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="GatewayId">Its home gateway.</param>
/// <param name="KeyHex">The 32-byte device key as 64 lowercase hex characters (verifies frame MACs).</param>
/// <param name="HardwareClass">The hardware class (for example <c>esp32</c>).</param>
/// <param name="ApprovedForDataRewards">Whether its sensor data earns rewards.</param>
public sealed record DeviceRecord(string Id, string OwnerId, string GatewayId, string KeyHex, string HardwareClass, bool ApprovedForDataRewards)
{
    /// <summary>The device key bytes.</summary>
    /// <returns>32 bytes.</returns>
    public byte[] GetKey() => Convert.FromHexString(KeyHex);
}
