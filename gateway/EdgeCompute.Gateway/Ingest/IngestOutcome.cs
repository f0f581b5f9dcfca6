namespace EdgeCompute.Gateway.Ingest;

/// <summary>What became of one message a device published.</summary>
public enum IngestOutcome
{
    /// <summary>Durably stored in the outbox.</summary>
    Stored,

    /// <summary>Already stored with the same bytes (a QoS 1 redelivery): acknowledged again, stored once.</summary>
    Duplicate,

    /// <summary>The (device, boot, seq) is stored with different bytes: refused.</summary>
    Conflict,

    /// <summary>The topic is not an <c>ec/v1</c> device topic.</summary>
    BadTopic,

    /// <summary>The topic names another device.</summary>
    NotOwnTopic,

    /// <summary>Devices may not publish this kind (<c>task</c>).</summary>
    KindNotAllowed,

    /// <summary>The payload exceeds the device payload limit.</summary>
    PayloadTooLarge,

    /// <summary>The device exceeded its publish rate.</summary>
    RateLimited,

    /// <summary>The payload is not a valid frame or state, or its body does not decode.</summary>
    Malformed,

    /// <summary>The frame's device id differs from the topic's.</summary>
    IdMismatch,

    /// <summary>The frame type does not belong on the topic kind (for example a result on <c>tel</c>).</summary>
    TypeMismatch,

    /// <summary>The outbox is full of data it may not evict; the device is not acknowledged and sends again later.</summary>
    OutboxFull,

    /// <summary>The outbox could not commit in time or failed; the device is not acknowledged.</summary>
    OutboxUnavailable,

    /// <summary>
    /// The disk under the outbox is full: refused (an MQTT 5 device sees PUBACK <c>QuotaExceeded</c>) until acknowledged
    /// batches free room; the device keeps the frame and sends it again.
    /// </summary>
    DiskFull,
}
