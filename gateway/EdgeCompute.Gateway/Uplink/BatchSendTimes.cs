using EdgeCompute.Gateway.Outbox;

namespace EdgeCompute.Gateway.Uplink;

/// <summary>
/// When each unacknowledged batch was last sent, kept in memory beside what the outbox records: with its disk full the
/// outbox may not be able to record a send, and without the time the batch would be resent on every pass.
/// </summary>
internal sealed class BatchSendTimes
{
    private readonly Dictionary<(uint Boot, ulong Seq), DateTimeOffset> _sent = [];

    /// <summary>Forgets the batches no longer waiting for an ack.</summary>
    public void KeepOnly(IReadOnlyCollection<OutboxBatch> unacked)
    {
        foreach (var gone in _sent.Keys.Except(unacked.Select(b => (b.Boot, b.Seq))).ToList())
        {
            _sent.Remove(gone);
        }
    }

    /// <summary>The last send of a batch: the later of what the outbox recorded and what was sent since.</summary>
    public DateTimeOffset? LastSent(OutboxBatch batch) =>
        _sent.TryGetValue((batch.Boot, batch.Seq), out var here) && (batch.LastSentAt is null || here > batch.LastSentAt) ? here : batch.LastSentAt;

    public void Sent(OutboxBatch batch, DateTimeOffset at) => _sent[(batch.Boot, batch.Seq)] = at;
}
