using EdgeCompute.Protocol.Births;

namespace EdgeCompute.Gateway.Bridges;

/// <summary>A device's birth frame newly stored.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Boot">Its boot counter.</param>
/// <param name="Birth">What it says of itself (firmware version, platform, sensors).</param>
public sealed record DeviceBirthStored(string DeviceId, uint Boot, DeviceBirth Birth) : BridgeEvent;
