namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>A MAC-verified device telemetry frame to store, unique on (device, boot, seq).</summary>
/// <param name="DeviceId">The device id.</param>
/// <param name="Boot">The device boot counter.</param>
/// <param name="Seq">The device seq.</param>
/// <param name="Hash">SHA-256 of the frame bytes (the duplicate rule's payload hash).</param>
/// <param name="FrameType">The frame type (1 summary, 2 raw).</param>
/// <param name="WindowStartMs">Window start or first sample time, ms.</param>
/// <param name="Readings">Readings the frame accounts for (<c>TelemetryReadings.Count</c>).</param>
/// <param name="Points">The decoded rows.</param>
public sealed record TelemetryFrameRecord(string DeviceId, uint Boot, uint Seq, ReadOnlyMemory<byte> Hash, int FrameType, long WindowStartMs, long Readings, IReadOnlyList<TelemetryPoint> Points);
