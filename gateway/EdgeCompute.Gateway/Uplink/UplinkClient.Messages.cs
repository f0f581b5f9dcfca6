using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.Uplink;

/// <summary>What the coordinator sends: signed acks and tasks, verified before they count.</summary>
public sealed partial class UplinkClient
{
    private async Task OnMessageAsync(string topic, byte[] payload)
    {
        if (topic == ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Ack))
        {
            var ack = CoordinatorAckSignature.Open(payload, _coordinatorKey, _gateway.GatewayId);
            if (!ack.TryGetValue(out var verified))
            {
                Events.Increment(UplinkEvent.AckRejected);
                _logger.LogWarning("Dropped an ack: {Error}", ack.Error);
                return;
            }

            Events.Increment(UplinkEvent.AckAccepted);
            ReportAckLatency(verified);
            int stored, rejected;
            try
            {
                (stored, rejected) = await _outbox.AcknowledgeAsync(verified, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or TimeoutException or ObjectDisposedException)
            {
                Events.Increment(UplinkEvent.AckNotApplied);
                _logger.LogWarning("Ack for boot {Boot} not applied ({Reason}); the batch is resent and acknowledged again", verified.Boot, e.Message);
                return;
            }

            if (rejected > 0)
            {
                _logger.LogError("Coordinator rejected {Count} batches of boot {Boot} for good: {Seqs}", rejected, verified.Boot, verified.Rejected);
            }

            _logger.LogDebug("Ack for boot {Boot}: {Stored} batches deleted", verified.Boot, stored);
        }
        else if (topic == ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Task))
        {
            var task = CoordinatorTaskSignature.Open(payload, _coordinatorKey, _gateway.GatewayId);
            if (!task.TryGetValue(out var verified))
            {
                Events.Increment(UplinkEvent.TaskRejected);
                _logger.LogWarning("Dropped a coordinator task: {Error}", task.Error);
                return;
            }

            Events.Increment(UplinkEvent.TaskAccepted);
            _tasks.Writer.TryWrite(verified);
        }
    }
}
