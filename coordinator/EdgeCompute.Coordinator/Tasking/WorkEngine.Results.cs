using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    /// <summary>
    /// Takes a device result from a committed batch. It counts only if an assignment was issued for (task, slot, device)
    /// and the frame's MAC verifies with the device key over exactly those assignment bytes: a result altered by a
    /// gateway, forged, or replayed against another task fails here and is counted, never stored as work. A result
    /// seen before is ignored; one arriving after its slot was withdrawn or its task decided is recorded and not paid.
    /// </summary>
    /// <inheritdoc />
    public async Task AcceptAsync(DeviceFrame frame, TaskResult result, string gatewayId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(result);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var found = await _store.FindAssignmentAsync(result.TaskId, result.Slot, frame.DeviceId, cancellationToken).ConfigureAwait(false);
        var check = new IssuedAssignments(found is null ? [] : [found]).Authenticate(frame, result, DeviceKey(frame.DeviceId), out var assignment);
        if (check == ResultAuthenticity.NotIssued)
        {
            Counters.Count(WorkCounter.ResultNotIssued);
            _logger.LogWarning("Result {TaskId}/{Slot} from {Device} via {Gateway}: no such assignment was issued", result.TaskId, result.Slot, frame.DeviceId, gatewayId);
            return;
        }

        if (check != ResultAuthenticity.Authentic)
        {
            Counters.Count(WorkCounter.ResultBadMac);
            _logger.LogWarning("Result {TaskId}/{Slot} from {Device} via {Gateway}: the MAC does not verify against the issued assignment; rejected",
                result.TaskId, result.Slot, frame.DeviceId, gatewayId);
            return;
        }

        await RecordResultAsync(assignment!, gatewayId, frame.Body.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes the result of a WASM task a gateway ran. The batch signature vouches for the gateway; it counts only if
    /// the task was issued to that gateway. A gateway that could not run it (queue full, cancelled) hands it back. A
    /// <see cref="GatewayTaskStatus.Malformed"/> report fails the job at once, with its refund, when the coordinator's
    /// own compilation of the module agrees (see <see cref="CheckMalformedReportsAsync"/>, at the next pass); a
    /// <see cref="GatewayTaskStatus.Trap"/> report when its own re-execution reproduces it (<see cref="CheckReportedTrapsAsync"/>).
    /// A result naming its output by hash (item kind 7) is judged only when the blob store holds that blob at that size:
    /// the gateway uploads before it queues the item, so a missing blob breaks the protocol and the result is rejected and
    /// counted (<see cref="WorkCounter.ResultOutputNotStored"/>); the slot stays issued until its deadline.
    /// </summary>
    /// <inheritdoc />
    public async Task AcceptGatewayResultAsync(GatewayTaskResultItem item, string gatewayId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var assignment = await _store.FindAssignmentAsync(item.TaskId, item.Slot, gatewayId, cancellationToken).ConfigureAwait(false);
        if (assignment is null)
        {
            Counters.Count(WorkCounter.ResultNotIssued);
            _logger.LogWarning("Gateway result {TaskId}/{Slot} from {Gateway}: no such assignment was issued to it", item.TaskId, item.Slot, gatewayId);
            return;
        }

        if (item.OutputBlob is { } blob && !await OutputStoredAsync(blob, cancellationToken).ConfigureAwait(false))
        {
            Counters.Count(WorkCounter.ResultOutputNotStored);
            _logger.LogWarning("Gateway result {TaskId}/{Slot} from {Gateway} names output blob {Sha256} ({Size} bytes), which the blob store does not hold; rejected",
                item.TaskId, item.Slot, gatewayId, blob.Sha256, blob.Size);
            return;
        }

        if (item.Status is GatewayTaskStatus.QueueFull or GatewayTaskStatus.Cancelled)
        {
            await WithdrawAsync(assignment, WorkCounter.AssignmentReturned, cancellationToken).ConfigureAwait(false);
            return;
        }

        await RecordResultAsync(assignment, gatewayId, GatewayResultBody.Encode(item), cancellationToken).ConfigureAwait(false);
        if (item.Status == GatewayTaskStatus.Malformed)
        {
            MalformedReported(assignment, gatewayId);
        }
        else if (item.Status == GatewayTaskStatus.Trap)
        {
            TrapReported(assignment, gatewayId);
        }
    }

    /// <summary>Takes a task a gateway handed back (device offline, deadline passed, refused): the slot is withdrawn and reissued.</summary>
    /// <inheritdoc />
    public async Task AcceptAsync(TaskReturnedItem item, string gatewayId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        var assignment = await _store.FindAssignmentAsync(item.TaskId, item.Slot, item.DeviceId, cancellationToken).ConfigureAwait(false);
        if (assignment is null || assignment.GatewayId != gatewayId)
        {
            Counters.Count(WorkCounter.ResultNotIssued);
            _logger.LogWarning("Gateway {Gateway} handed back {TaskId}/{Slot} of {Device}, which was not issued through it", gatewayId, item.TaskId, item.Slot, item.DeviceId);
            return;
        }

        await WithdrawAsync(assignment, WorkCounter.AssignmentReturned, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> OutputStoredAsync(GatewayTaskOutputBlob blob, CancellationToken cancellationToken) =>
        Blobs is not null && await Blobs.FindAsync(blob.Sha256, cancellationToken).ConfigureAwait(false) is { } manifest && (ulong)manifest.Size == blob.Size;

    private async Task WithdrawAsync(AssignmentRecord assignment, WorkCounter counter, CancellationToken cancellationToken)
    {
        if (await _store.SetAssignmentStateAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, AssignmentState.Issued, AssignmentState.Withdrawn, cancellationToken)
            .ConfigureAwait(false))
        {
            AddOutstanding(assignment.NodeId, -1);
            Counters.Count(counter);
        }
    }

    private async Task RecordResultAsync(AssignmentRecord assignment, string gatewayId, byte[] body, CancellationToken cancellationToken)
    {
        var task = await _store.FindTaskAsync(assignment.TaskId, cancellationToken).ConfigureAwait(false);
        var record = TaskReplicas.Receive(assignment, task, gatewayId, body, NowMs);
        var verdict = record.Verdict;
        if (!await _store.InsertResultAsync(record, cancellationToken).ConfigureAwait(false))
        {
            Counters.Count(WorkCounter.ResultReplayed);
            return;
        }

        if (assignment.State == AssignmentState.Issued
            && await _store.SetAssignmentStateAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, AssignmentState.Issued, AssignmentState.Answered, cancellationToken)
                .ConfigureAwait(false))
        {
            AddOutstanding(assignment.NodeId, -1);
        }

        if (verdict != ResultVerdict.Pending)
        {
            Counters.Count(WorkCounter.ResultLate);
            _logger.LogInformation("Result {TaskId}/{Slot} from {Node} recorded, not paid: {Reason}", assignment.TaskId, assignment.Slot, assignment.NodeId, record.Reason);
            return;
        }

        await EvaluateAsync(task!, cancellationToken).ConfigureAwait(false);
    }
}
