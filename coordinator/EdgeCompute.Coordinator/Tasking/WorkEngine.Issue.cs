using EdgeCompute.Coordinator.Domain.Scheduling;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    /// <summary>
    /// One scheduling pass: settles the reported traps by re-executing them (outside the lock, see
    /// <see cref="CheckReportedTrapsAsync"/>), reads the stored reputations and colluding pairs again when due
    /// (<see cref="WorkEngineOptions.StandingsRefresh"/>), withdraws assignments past their deadline (each a missed deadline
    /// against its node's reputation and trust) and those held through gateways gone offline
    /// (<see cref="NodeDirectory.TakeGatewaysGone"/>, no fault of the node), then gives every open task the replicas its
    /// verification method wants (placing them with the scheduler), and gives up tasks that used all their attempts.
    /// The host calls this periodically; tests call it on a fake clock.
    /// </summary>
    /// <param name="cancellationToken">Cancels the pass between tasks.</param>
    /// <returns>What the pass did.</returns>
    public async Task<PumpReport> PumpAsync(CancellationToken cancellationToken = default)
    {
        await CheckMalformedReportsAsync(cancellationToken).ConfigureAwait(false);
        await CheckReportedTrapsAsync(cancellationToken).ConfigureAwait(false);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        await RefreshStandingsAsync(cancellationToken).ConfigureAwait(false);
        var withdrawn = await WithdrawFromGoneGatewaysAsync(cancellationToken).ConfigureAwait(false);
        var missed = new List<AssignmentRecord>();
        foreach (var overdue in await _store.ReadOverdueAsync(NowMs, 1024, cancellationToken).ConfigureAwait(false))
        {
            if (await _store.SetAssignmentStateAsync(overdue.TaskId, overdue.Slot, overdue.NodeId, AssignmentState.Issued, AssignmentState.Withdrawn, cancellationToken)
                .ConfigureAwait(false))
            {
                AddOutstanding(overdue.NodeId, -1);
                Counters.Count(WorkCounter.AssignmentOverdue);
                withdrawn++;
                missed.Add(overdue);
                _logger.LogDebug("Withdrew {TaskId}/{Slot} from {Node}: past its deadline", overdue.TaskId, overdue.Slot, overdue.NodeId);
            }
        }

        await RecordMissedDeadlinesAsync(missed, cancellationToken).ConfigureAwait(false);

        var pass = new PassCounts();
        var open = await ReadOpenWindowAsync(cancellationToken).ConfigureAwait(false);
        if (open.Count > 0)
        {
            if (_options.RecountOutstandingEachPass)
            {
                await RecountOutstandingAsync(cancellationToken).ConfigureAwait(false);
            }

            NodePool pool;
            lock (_pairs)
            {
                pool = new NodePool(Candidates(), new HashSet<ColludingPair>(_pairs));
            }

            foreach (var task in open)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ServeTaskAsync(task, pool, pass, cancellationToken).ConfigureAwait(false);
            }
        }

        return new PumpReport(withdrawn, pass.Issued, pass.Unplaced, pass.Failed);
    }

    /// <summary>
    /// The open tasks this pass serves: all of them, oldest job first, while they fit in <see cref="WorkEngineOptions.TasksPerPass"/>;
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
                Math.Max(0, node.Capacity - Outstanding(node.NodeId)), _reputation.Score(node.NodeId, now).LowerBound, node.Geohash));
        }

        return candidates;
    }

    private async Task ServeTaskAsync(TaskRecord task, NodePool pool, PassCounts pass, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(task.JobId, cancellationToken).ConfigureAwait(false);
        if (context is null || context.Job.Status != JobStatus.Running)
        {
            return;
        }

        if (!TaskTemplate.TryDecode(task, out var template, out var pinned))
        {
            _logger.LogError("Task {TaskId}: stored template does not decode; failing it", task.TaskId);
            await FailTaskAsync(task, cancellationToken).ConfigureAwait(false);
            pass.Failed++;
            return;
        }

        var state = await TaskStateAsync(task.TaskId, cancellationToken).ConfigureAwait(false);
        var policy = context.Policy;
        var need = state.ReplicasWanted(policy, node => _adaptive.Trust(node).IsTrusted) - state.Live.Count;
        if (need <= 0)
        {
            return;
        }

        var age = TimeSpan.FromMilliseconds(NowMs - context.Job.CreatedMs);
        if (task.Attempts >= _options.MaxAttemptsPerTask || age > DeadlineOf(context))
        {
            if (state.Live.All(a => a.State == AssignmentState.Answered))
            {
                _logger.LogWarning("Task {TaskId} failed after {Attempts} attempts and {AgeSeconds:0} s", task.TaskId, task.Attempts, age.TotalSeconds);
                await FailTaskAsync(task, cancellationToken).ConfigureAwait(false);
                pass.Failed++;
            }

            return;
        }

        var adaptiveFirst = policy.Method == VerificationMethod.AdaptiveReplication && state.Slots.Count == 0;
        var excluded = new HashSet<string>(pinned is null ? state.Assignments.Select(a => a.NodeId) : state.Live.Select(a => a.NodeId), StringComparer.Ordinal);
        var holders = state.Live.Select(a => new ReplicaHolder(a.NodeId, a.Owner, GatewayOwner(a.GatewayId))).ToList();
        var passPlacement = ReplicaPlacement.Place(new PlacementRequest(task.TaskId, template.Kernel, 0, holders, excluded, pinned), need, state.Slots.Count == 0, policy,
            _adaptive, pool, _random);
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
                var again = Scheduler.Place(new PlacementRequest(task.TaskId, template.Kernel, holders.Count + target, withChosen, stillExcluded, null), pool, _random);
                chosen.AddRange(again.Chosen);
            }
        }

        if (chosen.Count < target)
        {
            pass.Unplaced += target - chosen.Count;
            Counters.Count(WorkCounter.PlacementShort, target - chosen.Count);
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
        var now = NowMs;
        // A gateway holds tasks beyond its workers, queued (NodeDirectoryOptions.GatewayQueuedTaskSlots). Each task ahead
        // runs at most until its own deadline, so the one issued behind k held tasks gets k + 1 task deadlines: a task is
        // never withdrawn, nor its node charged a missed deadline, for waiting its turn in an honest gateway's queue.
        var span = node.IsGateway ? _options.GatewayTaskDeadline * (1 + Outstanding(node.NodeId)) : _options.DeviceTaskDeadline;
        var deadline = now + (long)span.TotalMilliseconds;
        var assignment = template with { Slot = slot, DeviceId = node.NodeId, DeadlineMs = deadline };
        var bytes = TaskAssignmentCodec.Encode(assignment);
        var record = new AssignmentRecord(template.TaskId, slot, node.NodeId, node.GatewayId, node.Owner, bytes, now, deadline, AssignmentState.Issued);
        if (!await _store.InsertAssignmentAsync(record, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        AddOutstanding(node.NodeId, 1);
        Counters.Count(WorkCounter.AssignmentIssued);
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

    /// <summary>How long a job may run: its own <see cref="Domain.Jobs.JobSpec.DeadlineSeconds"/>, else <see cref="WorkEngineOptions.JobDeadline"/>.</summary>
    private TimeSpan DeadlineOf(JobContext context) =>
        context.Spec.DeadlineSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _options.JobDeadline;
}
