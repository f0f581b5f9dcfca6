using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Uplink;

/// <summary>Batches: cut from the outbox, sealed, sent QoS 1, resent unchanged until the signed ack.</summary>
public sealed partial class UplinkClient
{
    /// <summary>
    /// Cuts what is due; when the outbox cannot store a new batch (its disk full) that is said once and counted, and the
    /// batches already cut are still sent, so their acks can free the room.
    /// </summary>
    private async Task TryCutBatchesAsync(CancellationToken stop)
    {
        try
        {
            await CutBatchesAsync(stop).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _cutFailures, 0) is > 0 and var failures)
            {
                _logger.LogInformation("Cutting batches from the outbox again ({Failures} attempts failed meanwhile)", failures);
            }
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or TimeoutException)
        {
            Events.Increment(UplinkEvent.CutFailed);
            if (Interlocked.Increment(ref _cutFailures) == 1)
            {
                _logger.LogWarning("The outbox cannot store a new batch ({Reason}); the batches already cut are still sent and their acks free room; said once until cutting works again", e.Message);
            }
        }
    }

    private async Task CutBatchesAsync(CancellationToken stop)
    {
        var batching = _options.Batching;
        while (_outbox.UnackedBatches < batching.MaxUnackedBatches)
        {
            var now = _time.GetUtcNow();
            var aged = _outbox.OldestPendingAt is { } oldest && now - oldest >= batching.MaxAge;
            var full = _outbox.PendingItems >= batching.MaxItems;
            var statusDue = now - _lastCut >= batching.StatusInterval;
            var resultWaiting = batching.CutOnTaskResult && _outbox.TakeTaskResultStored();
            if (!aged && !full && !statusDue && !resultWaiting)
            {
                return;
            }

            var batch = await _outbox.CutBatchAsync(batching.MaxBytes, batching.MaxItems, allowEmpty: statusDue, Seal, stop).ConfigureAwait(false);
            if (batch is null)
            {
                return;
            }

            _lastCut = now;
        }
    }

    private byte[] Seal(uint boot, ulong seq, IReadOnlyList<BatchItem> items)
    {
        var (idle, free) = _resources.Read();
        var status = new GatewayStatus(idle, free, (ulong)Math.Max(0, _outbox.PendingItems - items.Count));
        if (_options.Batching.ExtendedStatus)
        {
            var outbox = _outbox.Counters();
            status = status with
            {
                OutboxBytes = (ulong)Math.Max(0, outbox.Bytes),
                UnackedBatches = (ulong)Math.Max(0, outbox.UnackedBatches) + 1, // this batch is cut and not yet acked
                OutboxEvictions = (ulong)Math.Max(0, outbox.EvictedFrames),
                UplinkReconnects = (ulong)Math.Max(0, Events[UplinkEvent.Connected] - 1),
                ConnectedDevices = ConnectedDevices is { } count ? (ulong)Math.Max(0, count()) : null,
            };
        }

        var batch = BatchSealer.Seal(new GatewayBatchBody(items, status), _gateway.GatewayId, boot, seq, BatchCodec.Brotli, _gatewayKey);
        return GatewayBatchCodec.Encode(batch);
    }

    private async Task SendDueAsync(CancellationToken stop)
    {
        if (_outbox.UnackedBatches == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var unacked = await _outbox.UnackedBatchesAsync(stop).ConfigureAwait(false);
        _sentAt.KeepOnly(unacked);
        foreach (var batch in unacked)
        {
            var sent = _sentAt.LastSent(batch);
            if (sent is { } last && now - last < _options.Uplink.ResendTimeout)
            {
                continue;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(_options.Uplink.OperationTimeout);
            _firstSent.TryAdd((batch.Boot, batch.Seq), _time.GetTimestamp()); // before the publish: its ack may come back before the publish returns
            var published = await PublishAsync(ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Up), batch.Message, false, timeout.Token).ConfigureAwait(false);
            if (!published)
            {
                Events.Increment(UplinkEvent.SendFailed);
                return;
            }

            _sentAt.Sent(batch, now);
            try
            {
                await _outbox.MarkSentAsync(batch.Boot, batch.Seq, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or TimeoutException)
            {
                _logger.LogDebug(e, "Could not record that batch {Boot}/{Seq} was sent (kept in memory)", batch.Boot, batch.Seq);
            }

            Events.Increment(batch.Attempts == 0 && sent is null ? UplinkEvent.BatchSent : UplinkEvent.BatchResent);
            if (batch.Attempts > 0)
            {
                _logger.LogInformation("Resent batch {Boot}/{Seq} unchanged (attempt {Attempt})", batch.Boot, batch.Seq, batch.Attempts + 1);
            }
        }
    }

    private void ReportAckLatency(CoordinatorAck ack)
    {
        foreach (var seq in ack.Stored.Concat(ack.Rejected))
        {
            if (_firstSent.TryRemove((ack.Boot, seq), out var sentAt))
            {
                BatchAcknowledged?.Invoke(_time.GetElapsedTime(sentAt));
            }
        }
    }

    private async Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess && Interlocked.Exchange(ref _publishRefusalSaid, 1) == 0)
        {
            // A broker that refuses this gateway's own topics takes it for someone else (its ACL, or a client certificate
            // of another gateway); said once until a publish goes through again.
            _logger.LogWarning("Central broker refused a publish on {Topic}: {Code} {Reason} (the broker's ACL does not let this connection write it: check the user name or --client-cert)",
                topic, result.ReasonCode, result.ReasonString);
        }
        else if (result.IsSuccess)
        {
            Volatile.Write(ref _publishRefusalSaid, 0);
        }

        return result.IsSuccess;
    }
}
