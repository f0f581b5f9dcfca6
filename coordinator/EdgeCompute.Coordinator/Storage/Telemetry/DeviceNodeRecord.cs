namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>What the store knows of one device as a compute node: its last birth and its last reported state.</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="GatewayId">The gateway that last spoke for it.</param>
/// <param name="Boot">The boot counter of its last birth (0 when no birth was stored).</param>
/// <param name="Birth">The last birth body, or null when only a state was stored.</param>
/// <param name="Online">Online as last reported (a birth counts as online).</param>
/// <param name="StateTimeMs">The gateway's time of the last state item applied, <see cref="long.MinValue"/> when none.</param>
public sealed record DeviceNodeRecord(string DeviceId, string GatewayId, uint Boot, byte[]? Birth, bool Online, long StateTimeMs);
