namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>Frames a gateway evicted from a full outbox: readings lost.</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="Boot">The device boot.</param>
/// <param name="FirstSeq">First lost seq.</param>
/// <param name="LastSeq">Last lost seq.</param>
/// <param name="Readings">Readings lost.</param>
public sealed record TelemetryGapRecord(string DeviceId, uint Boot, uint FirstSeq, uint LastSeq, long Readings);
