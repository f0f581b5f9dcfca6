namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>A device state change a gateway saw.</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="Online">Online or offline.</param>
/// <param name="TimeMs">When, ms since the epoch.</param>
public sealed record DeviceStateRecord(string DeviceId, bool Online, long TimeMs);
