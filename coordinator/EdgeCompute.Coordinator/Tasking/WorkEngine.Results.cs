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
