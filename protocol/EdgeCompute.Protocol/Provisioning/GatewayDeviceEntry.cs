namespace EdgeCompute.Protocol.Provisioning;

/// <summary>A device as its gateway knows it: the id and the broker credential, never the key.</summary>
/// <param name="DeviceId">The device id (its MQTT user name).</param>
/// <param name="BrokerCredential">The MQTT password it presents (see <see cref="Security.DeviceCredential"/>).</param>
public sealed record GatewayDeviceEntry(string DeviceId, string BrokerCredential);
