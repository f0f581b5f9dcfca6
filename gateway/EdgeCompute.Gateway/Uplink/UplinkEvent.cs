namespace EdgeCompute.Gateway.Uplink;

/// <summary>What the uplink counts.</summary>
public enum UplinkEvent
{
    /// <summary>A connection attempt to the central broker.</summary>
    ConnectAttempt,

    /// <summary>A successful connection.</summary>
    Connected,

    /// <summary>A connection lost or refused.</summary>
    ConnectFailed,

    /// <summary>A connection attempt that failed in TLS: the broker's certificate refused, or this gateway's refused by the broker (also counted as <see cref="ConnectFailed"/>).</summary>
    TlsRefused,

    /// <summary>A batch sent for the first time.</summary>
    BatchSent,

    /// <summary>A batch sent again, unchanged, after its ack did not come in time.</summary>
    BatchResent,

    /// <summary>A send that failed (the batch stays and is sent again).</summary>
    SendFailed,

    /// <summary>A validly signed ack.</summary>
    AckAccepted,

    /// <summary>An ack dropped: bad signature, another gateway's, or malformed. It deletes nothing.</summary>
    AckRejected,

    /// <summary>A validly signed coordinator task.</summary>
    TaskAccepted,

    /// <summary>A task dropped: bad signature, another gateway's, or malformed.</summary>
    TaskRejected,

    /// <summary>The outbox could not store a new batch (its disk full, a commit failing); the batches already cut are still sent.</summary>
    CutFailed,

    /// <summary>The outbox could not apply a verified ack (its disk full, a commit failing); the batch is resent and acknowledged again.</summary>
    AckNotApplied,
}
