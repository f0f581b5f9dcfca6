namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>A device birth a batch carried (its frame verified with the device key), kept so a restarted coordinator knows the device.</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="Boot">The device's boot counter.</param>
/// <param name="Body">The birth body as the device encoded it (<c>DeviceBirthCodec</c>).</param>
public sealed record DeviceBirthRecord(string DeviceId, uint Boot, ReadOnlyMemory<byte> Body);
