using EdgeCompute.Protocol.Batches;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>Everything one gateway batch stores, committed in one transaction by <see cref="ITelemetryStore.CommitBatchAsync"/>.</summary>
/// <param name="GatewayId">The gateway id.</param>
/// <param name="Boot">The gateway boot.</param>
/// <param name="Seq">The gateway seq (stored as a signed 64-bit integer; seqs stay far below 2^63).</param>
/// <param name="Hash">SHA-256 of the decompressed batch body (the duplicate rule's payload hash: a resend re-signs, so the
/// envelope bytes differ while the body is the same).</param>
/// <param name="ReceivedAtMs">Receive time, ms since the epoch.</param>
/// <param name="Frames">Verified device telemetry frames.</param>
/// <param name="GatewayPoints">The gateway's own sensor windows (exactly once through the batch key).</param>
/// <param name="GatewayReadings">Readings in <paramref name="GatewayPoints"/>.</param>
/// <param name="Gaps">Telemetry gaps reported.</param>
/// <param name="States">Device state changes reported.</param>
/// <param name="Births">Device births carried (verified frames), kept per device in <c>device_nodes</c> with the states.</param>
/// <param name="Status">The gateway's status when the batch carried one, kept (the latest per gateway) in <c>gateway_status</c>.</param>
public sealed record TelemetryBatch(
    string GatewayId,
    uint Boot,
    ulong Seq,
    ReadOnlyMemory<byte> Hash,
    long ReceivedAtMs,
    IReadOnlyList<TelemetryFrameRecord> Frames,
    IReadOnlyList<TelemetryPoint> GatewayPoints,
    long GatewayReadings,
    IReadOnlyList<TelemetryGapRecord> Gaps,
    IReadOnlyList<DeviceStateRecord> States,
    IReadOnlyList<DeviceBirthRecord>? Births = null,
    GatewayStatus? Status = null);
