namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// The optional gateway status of a batch body: <c>{1: idle CPU permille, 2: free memory bytes, 3: outbox depth,
/// 4: outbox bytes, 5: unacked batches, 6: outbox evictions, 7: uplink reconnects, 8: connected devices}</c>. Keys 1 to 3
/// are required; 4 to 8 came later (status v2) and are null when the gateway did not send them (an older gateway, or one
/// set to <c>ExtendedStatus: false</c> for an older coordinator). Counts "since boot" start again at each gateway boot.
/// </summary>
/// <param name="IdleCpuPermille">Idle CPU in permille, 0 to 1000.</param>
/// <param name="FreeMemoryBytes">Free memory in bytes.</param>
/// <param name="OutboxDepth">Items waiting in the outbox for a batch, after the ones of the batch carrying this status.</param>
/// <param name="OutboxBytes">The outbox's charged size in bytes (items and batches), or null when not reported.</param>
/// <param name="UnackedBatches">Batches cut and waiting for the coordinator's ack (sent or not yet), this one included; null when not reported.</param>
/// <param name="OutboxEvictions">Telemetry frames evicted from a full outbox since boot, or null when not reported.</param>
/// <param name="UplinkReconnects">Connections to the central broker since boot after the first, or null when not reported.</param>
/// <param name="ConnectedDevices">Devices connected to the gateway's device broker, or null when not reported.</param>
public sealed record GatewayStatus(
    uint IdleCpuPermille,
    ulong FreeMemoryBytes,
    ulong OutboxDepth,
    ulong? OutboxBytes = null,
    ulong? UnackedBatches = null,
    ulong? OutboxEvictions = null,
    ulong? UplinkReconnects = null,
    ulong? ConnectedDevices = null)
{
    /// <summary>Gets whether any of the status v2 fields (keys 4 to 8) is set.</summary>
    public bool IsExtended => OutboxBytes is not null || UnackedBatches is not null || OutboxEvictions is not null
        || UplinkReconnects is not null || ConnectedDevices is not null;

    /// <summary>Returns the status with only keys 1 to 3, the form a coordinator older than status v2 decodes.</summary>
    /// <returns>The v1 status.</returns>
    public GatewayStatus WithoutExtension() => new(IdleCpuPermille, FreeMemoryBytes, OutboxDepth);
}
