namespace EdgeCompute.Coordinator.Ingest;

/// <summary>What happened to device frames and other items inside accepted batches (counted by <see cref="IngestCounters"/>).</summary>
public enum FrameCount
{
    /// <summary>A telemetry frame stored.</summary>
    TelemetryStored,

    /// <summary>A telemetry frame seen before with the same bytes.</summary>
    TelemetryDuplicate,

    /// <summary>A telemetry frame whose key was stored with other bytes.</summary>
    TelemetryConflict,

    /// <summary>A frame whose MAC does not verify with the device key.</summary>
    BadMac,

    /// <summary>A frame from a device that is not registered or is revoked.</summary>
    UnknownDevice,

    /// <summary>A verified frame forwarded by a gateway that is not the device's home gateway (accepted: devices move).</summary>
    ForeignGateway,

    /// <summary>A frame or body that does not decode.</summary>
    Malformed,

    /// <summary>A result handed to the result sink.</summary>
    Result,

    /// <summary>
    /// A result frame whose MAC does not verify against an assignment issued for its (task, slot, device), or for which no
    /// assignment was issued: dropped before the commit, so it never takes a place in the device's frame sequence.
    /// </summary>
    ResultUnauthenticated,

    /// <summary>A birth frame (verified, not stored here).</summary>
    Birth,

    /// <summary>A node-events message from another coordinator replica, applied to the node directory.</summary>
    RelayApplied,

    /// <summary>A node-events message from another replica that was refused (bad topic, unknown gateway, malformed, a bad birth MAC).</summary>
    RelayRefused,
}
