using EdgeCompute.Protocol.Topics;

namespace EdgeCompute.Gateway.Ingest;

/// <summary>The result of ingesting one device message.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Detail">Why, for the log (empty when stored).</param>
public readonly record struct IngestResult(IngestOutcome Outcome, string Detail = "")
{
    /// <summary>Gets the kind of device topic the message came on, once the topic was parsed (null when it was refused before).</summary>
    public DeviceTopicKind? Kind { get; init; }

    /// <summary>Gets whether the message is durably in the outbox, so the device may get its PUBACK.</summary>
    public bool IsDurable => Outcome is IngestOutcome.Stored or IngestOutcome.Duplicate;

    /// <summary>Gets whether the failure is the gateway's, not the device's: it must not acknowledge, so the device sends again.</summary>
    public bool IsTransient => Outcome is IngestOutcome.OutboxFull or IngestOutcome.OutboxUnavailable or IngestOutcome.DiskFull;
}
