namespace EdgeCompute.Protocol.Provisioning;

/// <summary>The contents of <c>devices/{id}.json</c>: that device's key, ids, and its gateway's address.</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="GatewayId">Its gateway.</param>
/// <param name="KeyHex">Its 32-byte key as 64 lowercase hex characters.</param>
/// <param name="GatewayHost">The host of its gateway's broker.</param>
/// <param name="GatewayPort">The port of its gateway's broker.</param>
public sealed record DeviceFile(string DeviceId, string OwnerId, string GatewayId, string KeyHex, string GatewayHost, int GatewayPort = DeviceFile.DefaultGatewayPort)
{
    /// <summary>The default device broker port.</summary>
    public const int DefaultGatewayPort = 1884;

    /// <summary>The device key bytes.</summary>
    /// <returns>32 bytes.</returns>
    public byte[] GetKey() => Convert.FromHexString(KeyHex);
}
