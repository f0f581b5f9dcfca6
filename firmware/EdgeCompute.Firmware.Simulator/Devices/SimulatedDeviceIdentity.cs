using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Firmware.Simulator.Devices;

/// <summary>Who a virtual device is and where its gateway broker listens.</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="Key">The 32-byte device key.</param>
/// <param name="Host">The gateway broker's host.</param>
/// <param name="Port">The gateway broker's port.</param>
public sealed record SimulatedDeviceIdentity(string DeviceId, byte[] Key, string Host = "localhost", int Port = DeviceFile.DefaultGatewayPort)
{
    /// <summary>Takes the identity from a provisioned device file.</summary>
    /// <param name="file">The device file.</param>
    /// <returns>The identity.</returns>
    public static SimulatedDeviceIdentity FromDeviceFile(DeviceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new(file.DeviceId, file.GetKey(), file.GatewayHost, file.GatewayPort);
    }
}
