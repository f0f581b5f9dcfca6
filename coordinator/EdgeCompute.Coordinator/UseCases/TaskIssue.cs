using EdgeCompute.Coordinator.Domain.Scheduling;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Task issue and reissue, one scheduling pass at a time: assignments past their deadline and those held through
/// gateways gone offline are withdrawn (the slots to reissue), then every open task gets the replicas its verification
/// method wants, placed by the domain's scheduler (<see cref="ReplicaPlacement"/>: capability, capacity, reputation,
/// owner diversity, data locality, colluding pairs kept apart), each sent as a signed assignment after it is stored.
/// Which slots a task issues next, and which nodes may retry it, are the domain's (<see cref="TaskReplicas"/>).
/// </summary>
public sealed class TaskIssue
{
    // Enough for any gateway's open work (its own slots and its devices' queues); what is left waits for the deadlines.
    private const int GoneGatewayWithdrawLimit = 4096;

    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly FleetRegistry _registry;
    private readonly NodeDirectory _nodes;
    private readonly ITaskPublisher _publisher;
    private readonly WorkOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly NodeStandings _standings;
    private readonly TaskJudging _judging;
    private readonly JobCompletion _completion;
    private readonly ModuleFaultChecks _moduleChecks;
    private readonly SuspectQuorumChecks _suspectQuorums;
    private (string JobId, int Index)? _openCursor; // where the next pass's window of open tasks starts (see ReadOpenWindowAsync)

    internal TaskIssue(WorkState state, NodeStandings standings, TaskJudging judging, JobCompletion completion, ModuleFaultChecks moduleChecks,
        SuspectQuorumChecks suspectQuorums)
    {
        _state = state;
        _store = state.Store;
        _registry = state.Registry;
        _nodes = state.Nodes;
        _publisher = state.Publisher;
        _options = state.Options;
        _time = state.Time;
        _logger = state.Logger;
        _standings = standings;
        _judging = judging;
        _completion = completion;
        _moduleChecks = moduleChecks;
        _suspectQuorums = suspectQuorums;
    }

    /// <summary>
    /// One scheduling pass: settles the reported traps and the held suspect quorums by re-executing them (outside the
    /// lock, see <see cref="ModuleFaultChecks.CheckReportedTrapsAsync"/> and <see cref="SuspectQuorumChecks"/>), reads the stored reputations and colluding pairs again when due
    /// (<see cref="WorkOptions.StandingsRefresh"/>), withdraws assignments past their deadline (each a missed deadline
    /// against its node's reputation and trust) and those held through gateways gone offline
    /// (<see cref="NodeDirectory.TakeGatewaysGone"/>, no fault of the node), then gives every open task the replicas its
    /// verification method wants (placing them with the scheduler), and gives up tasks that used all their attempts.
    /// The host calls this periodically; tests call it on a fake clock.
    /// </summary>
    /// <param name="cancellationToken">Cancels the pass between tasks.</param>
    /// <returns>What the pass did.</returns>
    public async Task<PumpReport> PumpAsync(CancellationToken cancellationToken = default)
    {
        await _moduleChecks.CheckMalformedReportsAsync(cancellationToken).ConfigureAwait(false);
        await _moduleChecks.CheckReportedTrapsAsync(cancellationToken).ConfigureAwait(false);
        await _suspectQuorums.SettleAsync(cancellationToken).ConfigureAwait(false);
        using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
        await _standings.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var withdrawn = await WithdrawFromGoneGatewaysAsync(cancellationToken).ConfigureAwait(false);
        var missed = new List<AssignmentRecord>();
        foreach (var overdue in await _store.ReadOverdueAsync(_state.NowMs, 1024, cancellationToken).ConfigureAwait(false))
        {
            if (await _state.WroteAsync(_store.SetAssignmentStateAsync(overdue.TaskId, overdue.Slot, overdue.NodeId, AssignmentState.Issued,
                AssignmentState.Withdrawn, cancellationToken), overdue.TaskId).ConfigureAwait(false))
            {
                _state.Outstanding.Add(overdue.NodeId, -1);
                _state.Counters.Count(WorkCounter.AssignmentOverdue);
                withdrawn++;
                missed.Add(overdue);
                _logger.LogDebug("Withdrew {TaskId}/{Slot} from {Node}: past its deadline", overdue.TaskId, overdue.Slot, overdue.NodeId);
            }
        }

        await _standings.RecordMissedDeadlinesAsync(missed, cancellationToken).ConfigureAwait(false);

        var pass = new PassCounts();
        var open = await ReadOpenWindowAsync(cancellationToken).ConfigureAwait(false);
        if (open.Count > 0)
        {
            if (_options.RecountOutstandingEachPass)
            {
                await _state.RecountOutstandingAsync(cancellationToken).ConfigureAwait(false);
            }

            var pool = new NodePool(Candidates(), _standings.PairsNow());

            foreach (var task in open)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ServeTaskAsync(task, pool, pass, cancellationToken).ConfigureAwait(false);
            }
        }

        return new PumpReport(withdrawn, pass.Issued, pass.Unplaced, pass.Failed);
    }

    /// <summary>
    /// The open tasks this pass serves: all of them, oldest job first, while they fit in <see cref="WorkOptions.TasksPerPass"/>;
    /// when more are open, successive passes take successive windows and wrap around, so tasks no node can take now (or
    /// tasks waiting on their replicas) at the head never keep the ones behind them from being placed.
    /// </summary>
    private async Task<IReadOnlyList<TaskRecord>> ReadOpenWindowAsync(CancellationToken cancellationToken)
    {
        var limit = _options.TasksPerPass;
        List<TaskRecord> window;
        if (_openCursor is not { } cursor)
        {
            window = [.. await _store.ReadOpenTasksAsync(limit, cancellationToken).ConfigureAwait(false)];
        }
        else
        {
            window = [.. await _store.ReadOpenTasksAfterAsync(cursor.JobId, cursor.Index, limit, cancellationToken).ConfigureAwait(false)];
            if (window.Count < limit)
            {
                var taken = window.Select(t => t.TaskId).ToHashSet(StringComparer.Ordinal);
                var head = await _store.ReadOpenTasksAsync(limit - window.Count, cancellationToken).ConfigureAwait(false);
                window.AddRange(head.Where(t => !taken.Contains(t.TaskId)));
            }
        }

        // A full window may have left tasks behind: the next pass goes on after its last task. Otherwise every open task
        // was in it, and the next pass starts again from the oldest job.
        _openCursor = window.Count >= limit ? (window[^1].JobId, window[^1].Index) : null;
        return window;
    }

    private List<NodeCandidate> Candidates()
    {
        var now = _time.GetUtcNow();
        var candidates = new List<NodeCandidate>();
        foreach (var node in _nodes.Snapshot())
        {
            string? owner = null;
            if (node.IsGateway)
            {
                owner = _registry.FindGateway(node.NodeId, out var gateway) == RegistryLookup.Found ? gateway!.OwnerId : null;
            }
            else if (_registry.FindDevice(node.NodeId, out var device) == RegistryLookup.Found)
            {
                owner = device!.OwnerId;
            }

            var gatewayOwner = _registry.FindGateway(node.GatewayId, out var via) == RegistryLookup.Found ? via!.OwnerId : null;
            if (owner is null || gatewayOwner is null)
            {
                continue; // unknown or revoked: never scheduled
            }

            candidates.Add(new NodeCandidate(node.NodeId, owner, node.GatewayId, gatewayOwner, node.IsGateway, node.Kernels, node.Online,
                Math.Max(0, node.Capacity - _state.Outstanding.Of(node.NodeId)), _standings.LowerBound(node.NodeId, now), node.Geohash));
        }

        return candidates;
    }

    private async Task ServeTaskAsync(TaskRecord task, NodePool pool, PassCounts pass, CancellationToken cancellationToken)
    {
        var context = await _state.Jobs.FindAsync(task.JobId, cancellationToken).ConfigureAwait(false);
        if (context is null || context.Job.Status != JobStatus.Running)
        {
            return;
        }

        if (!TaskTemplate.TryDecode(task, out var template, out var pinned))
        {
            _logger.LogError("Task {TaskId}: stored template does not decode; failing it", task.TaskId);
            await _judging.FailTaskAsync(task, cancellationToken).ConfigureAwait(false);
            pass.Failed++;
            return;
        }

        var state = await _judging.StateAsync(task.TaskId, cancellationToken).ConfigureAwait(false);
        var policy = context.Policy;
        var need = state.ReplicasWanted(policy, node => _standings.Adaptive.Trust(node).IsTrusted) - state.Live.Count;
        if (need <= 0)
        {
            // Answered and waiting for the coordinator's re-execution, but not queued in this process (it restarted, or
            // another replica held it and stopped): queued now, settled at the next pass.
            _judging.Hold(task, context, state);
            return;
        }

        var age = TimeSpan.FromMilliseconds(_state.NowMs - context.Job.CreatedMs);
        if (task.Attempts >= _options.MaxAttemptsPerTask || age > _completion.DeadlineOf(context))
        {
            if (state.Live.All(a => a.State == AssignmentState.Answered))
            {
                _logger.LogWarning("Task {TaskId} failed after {Attempts} attempts and {AgeSeconds:0} s", task.TaskId, task.Attempts, age.TotalSeconds);
                await _judging.FailTaskAsync(task, cancellationToken).ConfigureAwait(false);
                pass.Failed++;
            }

            return;
        }

        var adaptiveFirst = policy.Method == VerificationMethod.AdaptiveReplication && state.Slots.Count == 0;
        var excluded = new HashSet<string>(pinned is null ? state.Assignments.Select(a => a.NodeId) : state.Live.Select(a => a.NodeId), StringComparer.Ordinal);
        var holders = state.Live.Select(a => new ReplicaHolder(a.NodeId, a.Owner, GatewayOwner(a.GatewayId))).ToList();
        var passPlacement = ReplicaPlacement.Place(new PlacementRequest(task.TaskId, template.Kernel, 0, holders, excluded, pinned), need, state.Slots.Count == 0, policy,
            _standings.Adaptive, pool, _state.Random);
        var placement = passPlacement.First;
        var chosen = passPlacement.Chosen.ToList();
        var target = passPlacement.Target;

        var retried = new HashSet<string>(StringComparer.Ordinal);
        if (chosen.Count < target && pinned is null && !adaptiveFirst)
        {
            // No fresh node with the owner diversity the replicas need: a node that only missed its deadline on this task
            // (withdrawn, never answered) may try it again, on a new slot, before the task is given up. Nodes that
            // answered, and nodes holding a live replica, stay excluded.
            retried.UnionWith(state.MissedDeadlineOnly());

            if (retried.Count > 0)
            {
                var withChosen = holders.Concat(chosen.Select(c => new ReplicaHolder(c.NodeId, c.Owner, c.GatewayOwner))).ToList();
                var stillExcluded = new HashSet<string>(excluded.Where(id => !retried.Contains(id)).Concat(chosen.Select(c => c.NodeId)), StringComparer.Ordinal);
                var again = Scheduler.Place(new PlacementRequest(task.TaskId, template.Kernel, holders.Count + target, withChosen, stillExcluded, null), pool, _state.Random);
                chosen.AddRange(again.Chosen);
            }
        }

        if (chosen.Count < target)
        {
            pass.Unplaced += target - chosen.Count;
            _state.Counters.Count(WorkCounter.PlacementShort, target - chosen.Count);
            _logger.LogDebug("Task {TaskId}: placed {Chosen} of {Target} replicas ({Reason})", task.TaskId, chosen.Count, target, placement.Detail);
        }

        var slots = state.SlotsToIssue([.. chosen.Select(c => c.NodeId)], retried);
        for (var i = 0; i < chosen.Count; i++)
        {
            if (await IssueAsync(template, slots[i], chosen[i], cancellationToken).ConfigureAwait(false))
            {
                pass.Issued++;
            }
        }
    }

    private async Task<bool> IssueAsync(TaskAssignment template, uint slot, NodeCandidate node, CancellationToken cancellationToken)
    {
        var now = _state.NowMs;
        // A gateway holds tasks beyond its workers, queued (NodeDirectoryOptions.GatewayQueuedTaskSlots). Each task ahead
        // runs at most until its own deadline, so the one issued behind k held tasks gets k + 1 task deadlines: a task is
        // never withdrawn, nor its node charged a missed deadline, for waiting its turn in an honest gateway's queue.
        var span = node.IsGateway ? _options.GatewayTaskDeadline * (1 + _state.Outstanding.Of(node.NodeId)) : _options.DeviceTaskDeadline;
        var deadline = now + (long)span.TotalMilliseconds;
        var assignment = template with { Slot = slot, DeviceId = node.NodeId, DeadlineMs = deadline };
        var bytes = TaskAssignmentCodec.Encode(assignment);
        var record = new AssignmentRecord(template.TaskId, slot, node.NodeId, node.GatewayId, node.Owner, bytes, now, deadline, AssignmentState.Issued);
        if (!await _state.WroteAsync(_store.InsertAssignmentAsync(record, cancellationToken), record.TaskId).ConfigureAwait(false))
        {
            return false;
        }

        _state.Outstanding.Add(node.NodeId, 1);
        _state.Counters.Count(WorkCounter.AssignmentIssued);
        var task = _registry.SignWithCoordinatorKey(key =>
            CoordinatorTaskSignature.Sign(new CoordinatorTask(node.GatewayId, node.IsGateway ? "" : node.NodeId, bytes, now, ReadOnlyMemory<byte>.Empty), key));
        try
        {
            await _publisher.PublishAsync(task, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The assignment is stored: past its deadline it is withdrawn and reissued.
            _logger.LogWarning(ex, "Could not send {TaskId}/{Slot} to {Node} via {Gateway}; it will be reissued after its deadline", template.TaskId, slot, node.NodeId,
                node.GatewayId);
        }

        return true;
    }

    private string GatewayOwner(string gatewayId) =>
        _registry.FindGateway(gatewayId, out var gateway) == RegistryLookup.Found ? gateway!.OwnerId : "";

    private sealed class PassCounts
    {
        public int Issued { get; set; }

        public int Unplaced { get; set; }

        public int Failed { get; set; }
    }


    /// <summary>
    /// Withdraws the open assignments held by the gateways gone offline since the last pass (their will, their state or
    /// their silence, see <see cref="NodeDirectory.TakeGatewaysGone"/>) and by their devices, so this pass reissues them to
    /// other nodes at once: a dead gateway will neither deliver them nor hand them back. Under the work lock.
    /// </summary>
    private async Task<int> WithdrawFromGoneGatewaysAsync(CancellationToken cancellationToken)
    {
        var withdrawn = 0;
        foreach (var gatewayId in _nodes.TakeGatewaysGone())
        {
            var held = await _store.ReadIssuedViaGatewayAsync(gatewayId, GoneGatewayWithdrawLimit, cancellationToken).ConfigureAwait(false);
            var count = 0;
            foreach (var assignment in held)
            {
                if (await _state.WroteAsync(_store.SetAssignmentStateAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, AssignmentState.Issued,
                        AssignmentState.Withdrawn, cancellationToken), assignment.TaskId).ConfigureAwait(false))
                {
                    _state.Outstanding.Add(assignment.NodeId, -1);
                    _state.Counters.Count(WorkCounter.AssignmentGatewayGone);
                    count++;
                }
            }

            _logger.LogInformation("Gateway {Gateway} went offline: withdrew {Count} open assignments held by it and its devices, to reissue", gatewayId, count);
            withdrawn += count;
        }

        return withdrawn;
    }
}
