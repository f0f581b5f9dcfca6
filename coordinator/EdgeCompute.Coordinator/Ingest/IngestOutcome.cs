namespace EdgeCompute.Coordinator.Ingest;

/// <summary>The reason code of one batch's ingest.</summary>
public enum IngestOutcome
{
    /// <summary>Stored now; acked.</summary>
    Stored,

    /// <summary>Stored before with the same body; acked again, nothing written.</summary>
    Duplicate,

    /// <summary>Another body was stored under the same (gateway, boot, seq); listed in the ack's <c>rejected</c>.</summary>
    Conflict,

    /// <summary>The topic is not a gateway <c>up</c> topic, or its id differs from the envelope's.</summary>
    TopicMismatch,

    /// <summary>The gateway is not registered.</summary>
    UnknownGateway,

    /// <summary>The gateway's key is revoked.</summary>
    RevokedGateway,

    /// <summary>The signature does not verify (checked before decompression).</summary>
    BadSignature,

    /// <summary>The envelope or body breaks the spec or a limit.</summary>
    Malformed,

    /// <summary>The store failed; nothing acked, the gateway resends.</summary>
    StoreFailed,
}
