using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Protocol.Coordinator;

namespace EdgeCompute.Coordinator.Ingest;

/// <summary>What ingesting one <c>up</c> message did.</summary>
/// <param name="Outcome">The reason code.</param>
/// <param name="Detail">A message naming the problem, empty on success.</param>
/// <param name="Ack">The signed ack to publish (only for stored, duplicate and conflict; only after the commit).</param>
/// <param name="Commit">The store's per-item outcomes, when the store was reached.</param>
public sealed record BatchIngestResult(IngestOutcome Outcome, string Detail, CoordinatorAck? Ack, BatchCommitResult? Commit)
{
    /// <summary>Gets whether the batch is durably stored (now or before).</summary>
    public bool IsSuccess => Outcome is IngestOutcome.Stored or IngestOutcome.Duplicate;

    private Lazy<byte[]?>? _nodeEvents;

    /// <summary>
    /// Gets what the batch said about nodes, encoded for the other coordinator replicas (published on
    /// <see cref="EdgeCompute.Protocol.Topics.ProtocolTopics.CoordinatorNodes"/> in the external-broker mode); null when it said nothing.
    /// Encoded on first read, so a lone coordinator that never shares them does not pay for it.
    /// </summary>
    public byte[]? NodeEvents => _nodeEvents?.Value;

    /// <summary>Sets how <see cref="NodeEvents"/> is encoded when it is read; returns this result.</summary>
    internal BatchIngestResult WithNodeEvents(Func<byte[]?> encode)
    {
        _nodeEvents = new Lazy<byte[]?>(encode);
        return this;
    }

    internal static BatchIngestResult Refused(IngestOutcome outcome, string detail) => new(outcome, detail, null, null);
}
