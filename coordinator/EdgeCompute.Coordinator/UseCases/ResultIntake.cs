using System.Runtime.CompilerServices;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Result intake: results from committed batches matched to the assignments issued (a device result's MAC checked once,
/// against the exact assignment bytes, before the batch commits), recorded once per (task, slot, node), then judged.
/// A result that was not issued, does not verify, or is a replay is counted and never stored as work; one arriving
/// after its slot was withdrawn or its task decided is recorded and not paid (<see cref="TaskReplicas.Receive"/>).
/// Tasks a gateway hands back are withdrawn for reissue.
/// </summary>
public sealed partial class ResultIntake : IResultSink, ITaskReturnSink
{
    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly FleetRegistry _registry;
    private readonly ILogger _logger;
    private readonly TaskJudging _judging;
    private readonly ModuleFaultChecks _moduleChecks;
    private readonly JobModules _modules;
    private readonly ConditionalWeakTable<IReadOnlyList<ReceivedResult>, AuthenticatedBatch> _authenticated = new(); // dies with the batch's list

    internal ResultIntake(WorkState state, TaskJudging judging, ModuleFaultChecks moduleChecks, JobModules modules)
    {
        _state = state;
        _store = state.Store;
        _registry = state.Registry;
        _logger = state.Logger;
        _judging = judging;
        _moduleChecks = moduleChecks;
        _modules = modules;
    }

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
        using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
        var found = await _store.FindAssignmentAsync(result.TaskId, result.Slot, frame.DeviceId, cancellationToken).ConfigureAwait(false);
        var check = new IssuedAssignments(found is null ? [] : [found]).Authenticate(frame, result, DeviceKey(frame.DeviceId), out var assignment);
        if (check == ResultAuthenticity.NotIssued)
        {
            _state.Counters.Count(WorkCounter.ResultNotIssued);
            _logger.LogWarning("Result {TaskId}/{Slot} from {Device} via {Gateway}: no such assignment was issued", result.TaskId, result.Slot, frame.DeviceId, gatewayId);
            return;
        }

        if (check != ResultAuthenticity.Authentic)
        {
            _state.Counters.Count(WorkCounter.ResultBadMac);
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
    /// own compilation of the module agrees (see <see cref="ModuleFaultChecks.CheckMalformedReportsAsync"/>, at the next pass); a
    /// <see cref="GatewayTaskStatus.Trap"/> report when its own re-execution reproduces it (<see cref="ModuleFaultChecks.CheckReportedTrapsAsync"/>).
    /// A result naming its output by hash (item kind 7) is judged only when the blob store holds that blob at that size:
    /// the gateway uploads before it queues the item, so a missing blob breaks the protocol and the result is rejected and
    /// counted (<see cref="WorkCounter.ResultOutputNotStored"/>); the slot stays issued until its deadline.
    /// </summary>
    /// <inheritdoc />
    public async Task AcceptGatewayResultAsync(GatewayTaskResultItem item, string gatewayId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
        var assignment = await _store.FindAssignmentAsync(item.TaskId, item.Slot, gatewayId, cancellationToken).ConfigureAwait(false);
        if (assignment is null)
        {
            _state.Counters.Count(WorkCounter.ResultNotIssued);
            _logger.LogWarning("Gateway result {TaskId}/{Slot} from {Gateway}: no such assignment was issued to it", item.TaskId, item.Slot, gatewayId);
            return;
        }

        if (item.OutputBlob is { } blob && !await _modules.HoldsAsync(blob.Sha256, blob.Size, cancellationToken).ConfigureAwait(false))
        {
            _state.Counters.Count(WorkCounter.ResultOutputNotStored);
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
            _moduleChecks.MalformedReported(assignment, gatewayId);
        }
        else if (item.Status == GatewayTaskStatus.Trap)
        {
            _moduleChecks.TrapReported(assignment, gatewayId);
        }
    }

    /// <summary>Takes a task a gateway handed back (device offline, deadline passed, refused): the slot is withdrawn and reissued.</summary>
    /// <inheritdoc />
    public async Task AcceptAsync(TaskReturnedItem item, string gatewayId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
        var assignment = await _store.FindAssignmentAsync(item.TaskId, item.Slot, item.DeviceId, cancellationToken).ConfigureAwait(false);
        if (assignment is null || assignment.GatewayId != gatewayId)
        {
            _state.Counters.Count(WorkCounter.ResultNotIssued);
            _logger.LogWarning("Gateway {Gateway} handed back {TaskId}/{Slot} of {Device}, which was not issued through it", gatewayId, item.TaskId, item.Slot, item.DeviceId);
            return;
        }

        await WithdrawAsync(assignment, WorkCounter.AssignmentReturned, cancellationToken).ConfigureAwait(false);
    }

    private async Task WithdrawAsync(AssignmentRecord assignment, WorkCounter counter, CancellationToken cancellationToken)
    {
        if (await _state.WroteAsync(_store.SetAssignmentStateAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, AssignmentState.Issued,
                AssignmentState.Withdrawn, cancellationToken), assignment.TaskId).ConfigureAwait(false))
        {
            _state.Outstanding.Add(assignment.NodeId, -1);
            _state.Counters.Count(counter);
        }
    }

    private async Task RecordResultAsync(AssignmentRecord assignment, string gatewayId, byte[] body, CancellationToken cancellationToken)
    {
        var task = await _store.FindTaskAsync(assignment.TaskId, cancellationToken).ConfigureAwait(false);
        var record = TaskReplicas.Receive(assignment, task, gatewayId, body, _state.NowMs);
        var verdict = record.Verdict;
        if (!await _state.WroteAsync(_store.InsertResultAsync(record, cancellationToken), record.TaskId).ConfigureAwait(false))
        {
            _state.Counters.Count(WorkCounter.ResultReplayed);
            return;
        }

        if (assignment.State == AssignmentState.Issued
            && await _state.WroteAsync(_store.SetAssignmentStateAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, AssignmentState.Issued,
                AssignmentState.Answered, cancellationToken), assignment.TaskId).ConfigureAwait(false))
        {
            _state.Outstanding.Add(assignment.NodeId, -1);
        }

        if (verdict != ResultVerdict.Pending)
        {
            _state.Counters.Count(WorkCounter.ResultLate);
            _logger.LogInformation("Result {TaskId}/{Slot} from {Node} recorded, not paid: {Reason}", assignment.TaskId, assignment.Slot, assignment.NodeId, record.Reason);
            return;
        }

        await _judging.EvaluateAsync(task!, cancellationToken).ConfigureAwait(false);
    }
}
