namespace EdgeCompute.Gateway.Outbox;

/// <summary>A snapshot of the outbox's state and counters.</summary>
/// <param name="PendingItems">Items waiting for a batch.</param>
/// <param name="UnackedBatches">Batches waiting for an ack.</param>
/// <param name="Bytes">The charged size (<see cref="OutboxSize"/>).</param>
/// <param name="Stored">Items stored since open.</param>
/// <param name="Duplicates">Appends that were duplicates (acknowledged, stored once).</param>
/// <param name="Conflicts">Appends refused as conflicts.</param>
/// <param name="Full">Appends refused because nothing could be evicted.</param>
/// <param name="EvictedFrames">Telemetry frames evicted to make room.</param>
/// <param name="EvictedReadings">Readings in those frames.</param>
/// <param name="Commits">Group commits made.</param>
/// <param name="Acknowledged">Batches deleted because a signed ack named them stored.</param>
/// <param name="RejectedUpstream">Batches deleted because a signed ack named them rejected.</param>
/// <param name="DiskFull">Appends refused because the disk under the outbox was full.</param>
/// <param name="IsDiskFull">Whether the outbox refuses new items now because its disk is full.</param>
/// <param name="MaxBytes">The budget eviction keeps to (the configured one, or less when capped to the free space at start).</param>
public sealed record OutboxCounters(
    long PendingItems,
    long UnackedBatches,
    long Bytes,
    long Stored,
    long Duplicates,
    long Conflicts,
    long Full,
    long EvictedFrames,
    long EvictedReadings,
    long Commits,
    long Acknowledged,
    long RejectedUpstream,
    long DiskFull,
    bool IsDiskFull,
    long MaxBytes);
