using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Coordinator.Storage.Work;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>The batch path: a committed batch's device results authenticated, recorded and judged together.</summary>
public sealed partial class ResultIntake
{
    /// <summary>
    /// Checks each result's MAC against the assignment issued for its (task, slot, device), with one read of the
    /// assignments, before the ingestor commits the batch (see <see cref="IResultSink.AuthenticateAsync"/>). Issued
    /// assignment bytes never change, so no lock is taken. Which results passed is kept for the
    /// <see cref="AcceptManyAsync"/> of the same list that follows the commit, so each MAC is checked once.
    /// </summary>
    /// <inheritdoc />
    public async Task<IReadOnlyList<bool>> AuthenticateAsync(IReadOnlyList<ReceivedResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return [];
        }

        var taskIds = results.Select(r => r.Result.TaskId).Distinct(StringComparer.Ordinal).ToList();
        var readAt = _state.Writes.Now;
        var assignments = await _store.ReadAssignmentsAsync(taskIds, cancellationToken).ConfigureAwait(false);
        var issued = new IssuedAssignments(assignments);
        var authentic = new bool[results.Count];
        for (var i = 0; i < results.Count; i++)
        {
            var (frame, result, _) = results[i];
            var check = issued.Authenticate(frame, result, DeviceKey(frame.DeviceId), out _);
            authentic[i] = check == ResultAuthenticity.Authentic;
            if (!authentic[i])
            {
                _state.Counters.Count(check == ResultAuthenticity.NotIssued ? WorkCounter.ResultNotIssued : WorkCounter.ResultBadMac);
            }
        }

        var passed = new HashSet<ReceivedResult>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < results.Count; i++)
        {
            if (authentic[i])
            {
                passed.Add(results[i]);
            }
        }

        _authenticated.AddOrUpdate(results, new AuthenticatedBatch(passed, assignments, readAt));
        return authentic;
    }

    /// <summary>
    /// Takes the device results of one committed batch together: the same checks and rules as
    /// <see cref="AcceptAsync(EdgeCompute.Protocol.Frames.DeviceFrame, EdgeCompute.Protocol.Tasks.TaskResult, string, CancellationToken)"/>,
    /// with the store work done per batch instead of per result — one read each of the tasks, their assignments and
    /// results; one transaction recording the results, which returns each touched task's fingerprint as committed (a task
    /// another replica changed meanwhile is read again, so its results are seen); one transaction of verdicts and
    /// completions; one of reputations. Results of a list that <see cref="AuthenticateAsync"/> passed before the commit are
    /// not MAC-checked a second time (assignment bytes never change). The reads are taken before the work lock (the
    /// assignments are the ones read for the MAC check), so other gateways' batches go on meanwhile; under the lock the
    /// tasks this process wrote since are read again (<see cref="TaskWriteLog"/>), so what the batch decides on is as
    /// fresh as a read under the lock. When a
    /// batch write finds the store changed under it (another replica recorded or judged the same results), nothing of it
    /// is kept and those results or tasks go through the one-by-one path, which is correct under any race.
    /// </summary>
    /// <inheritdoc />
    public async Task AcceptManyAsync(IReadOnlyList<ReceivedResult> results, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return;
        }

        var taskIds = results.Select(r => r.Result.TaskId).Distinct(StringComparer.Ordinal).ToList();
        var checkedBefore = _authenticated.TryGetValue(results, out var authenticated) && results.All(authenticated.Passed.Contains);
        _authenticated.Remove(results);

        // The reads come before the lock: the batches of other gateways go on meanwhile. Under it, each task this process
        // wrote since is taken from its own last write or read again; another replica's writes are caught by the store's
        // all-or-nothing writes, as before.
        var readAt = authenticated?.ReadAt ?? _state.Writes.Now;
        var read = await ReadStateAsync(taskIds, authenticated?.Assignments, cancellationToken).ConfigureAwait(false);
        using var held = await _state.LockAsync(cancellationToken).ConfigureAwait(false);
        var written = taskIds.Where(id => _state.Writes.WrittenSince(id, readAt)).ToList();
        if (written.Count > 0)
        {
            read = read.Refreshed(written, await OwnOrReadAsync(written, cancellationToken).ConfigureAwait(false));
        }

        var issued = new IssuedAssignments(read.Assignments);
        var tasks = read.Tasks.ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        var storedResults = read.Results;
        var recorded = storedResults.Select(r => new AssignmentKey(r.TaskId, r.Slot, r.NodeId)).ToHashSet();

        var records = new List<(ResultRecord Record, AssignmentRecord Assignment)>();
        var now = _state.NowMs;
        foreach (var received in results)
        {
            var (frame, result, gatewayId) = received;
            AssignmentRecord? assignment;
            var check = checkedBefore
                ? issued.TryFind(new AssignmentKey(result.TaskId, result.Slot, frame.DeviceId), out assignment) ? ResultAuthenticity.Authentic : ResultAuthenticity.NotIssued
                : issued.Authenticate(frame, result, DeviceKey(frame.DeviceId), out assignment);
            if (check == ResultAuthenticity.NotIssued)
            {
                _state.Counters.Count(WorkCounter.ResultNotIssued);
                _logger.LogWarning("Result {TaskId}/{Slot} from {Device} via {Gateway}: no such assignment was issued", result.TaskId, result.Slot, frame.DeviceId, gatewayId);
                continue;
            }

            if (check != ResultAuthenticity.Authentic)
            {
                _state.Counters.Count(WorkCounter.ResultBadMac);
                _logger.LogWarning("Result {TaskId}/{Slot} from {Device} via {Gateway}: the MAC does not verify against the issued assignment; rejected",
                    result.TaskId, result.Slot, frame.DeviceId, gatewayId);
                continue;
            }

            var key = new AssignmentKey(result.TaskId, result.Slot, frame.DeviceId);
            if (!recorded.Add(key))
            {
                _state.Counters.Count(WorkCounter.ResultReplayed);
                continue;
            }

            var task = tasks.GetValueOrDefault(assignment!.TaskId);
            records.Add((TaskReplicas.Receive(assignment, task, gatewayId, frame.Body.ToArray(), now), assignment));
        }

        if (records.Count == 0)
        {
            return;
        }

        var answered = records.Where(r => r.Assignment.State == AssignmentState.Issued).Select(r => new AssignmentKey(r.Assignment.TaskId, r.Assignment.Slot, r.Assignment.NodeId)).ToList();
        IReadOnlyDictionary<string, TaskFingerprint>? fingerprints;
        long generation;
        try
        {
            fingerprints = await _store.RecordResultsAsync([.. records.Select(r => r.Record)], answered, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            generation = _state.Writes.Written(records.Select(r => r.Record.TaskId));
        }

        if (fingerprints is null)
        {
            _state.Counters.Count(WorkCounter.ResultBatchFellBack);
            _logger.LogDebug("Batch of {Count} results: the store changed meanwhile; recording them one by one", records.Count);
            foreach (var (record, assignment) in records)
            {
                // Read again: the assignment may have been withdrawn or closed since it was read.
                var fresh = await _store.FindAssignmentAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, cancellationToken).ConfigureAwait(false);
                await RecordResultAsync(fresh ?? assignment, record.GatewayId, record.Body, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        foreach (var key in answered)
        {
            _state.Outstanding.Add(key.NodeId, -1);
        }

        foreach (var (record, _) in records.Where(r => r.Record.Verdict != ResultVerdict.Pending))
        {
            _state.Counters.Count(WorkCounter.ResultLate);
            _logger.LogInformation("Result {TaskId}/{Slot} from {Node} recorded, not paid: {Reason}", record.TaskId, record.Slot, record.NodeId, record.Reason);
        }

        var recordedTasks = records.Select(r => r.Record.TaskId).Distinct(StringComparer.Ordinal).Where(tasks.ContainsKey).Select(id => tasks[id]).ToList();
        var known = KnownStates(recordedTasks, issued.All, storedResults, records.Select(r => r.Record), answered, fingerprints);
        foreach (var task in recordedTasks)
        {
            if (known.TryGetValue(task.TaskId, out var replicas))
            {
                _state.Own.Keep(generation, task, replicas);
            }
        }

        var pendingTasks = records.Where(r => r.Record.Verdict == ResultVerdict.Pending).Select(r => r.Record.TaskId).Distinct(StringComparer.Ordinal)
            .Select(id => tasks[id]).ToList();
        await _judging.EvaluateManyAsync(pendingTasks, known, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The state of each task as this batch left it — what was read before plus what was written — for the tasks whose
    /// committed fingerprint equals that state's (nobody else touched them in between); the others are read again.
    /// </summary>
    private static Dictionary<string, TaskReplicas> KnownStates(IReadOnlyList<TaskRecord> tasks, IReadOnlyList<AssignmentRecord> assignments, IReadOnlyList<ResultRecord> results,
        IEnumerable<ResultRecord> written, IReadOnlyList<AssignmentKey> answered, IReadOnlyDictionary<string, TaskFingerprint> committed)
    {
        var nowAnswered = answered.ToHashSet();
        var assignmentsOf = assignments
            .Select(a => nowAnswered.Contains(new AssignmentKey(a.TaskId, a.Slot, a.NodeId)) ? a with { State = AssignmentState.Answered } : a)
            .ToLookup(a => a.TaskId, StringComparer.Ordinal);
        var resultsOf = results.Concat(written).ToLookup(r => r.TaskId, StringComparer.Ordinal);
        var known = new Dictionary<string, TaskReplicas>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var taskAssignments = assignmentsOf[task.TaskId].ToList();
            var taskResults = resultsOf[task.TaskId].ToList();
            if (committed.TryGetValue(task.TaskId, out var fingerprint) && fingerprint == TaskFingerprint.Of(task.Status, taskAssignments, taskResults))
            {
                known[task.TaskId] = new TaskReplicas(taskAssignments, taskResults);
            }
        }

        return known;
    }

    /// <summary>
    /// The tasks this process wrote since a batch's read: the state its own last result batch left them in where that write
    /// is still their last (<see cref="OwnWrites"/>), the others read again.
    /// </summary>
    private async Task<BatchState> OwnOrReadAsync(IReadOnlyList<string> taskIds, CancellationToken cancellationToken)
    {
        var tasks = new List<TaskRecord>();
        var assignments = new List<AssignmentRecord>();
        var results = new List<ResultRecord>();
        var reRead = new List<string>();
        foreach (var taskId in taskIds)
        {
            if (_state.Own.TryGet(taskId, _state.Writes, out var task, out var replicas))
            {
                tasks.Add(task);
                assignments.AddRange(replicas.Assignments);
                results.AddRange(replicas.Results);
            }
            else
            {
                reRead.Add(taskId);
            }
        }

        _state.Counters.Count(WorkCounter.ResultBatchTaskFromOwnWrite, taskIds.Count - reRead.Count);
        if (reRead.Count > 0)
        {
            _state.Counters.Count(WorkCounter.ResultBatchTaskReRead, reRead.Count);
            var fresh = await ReadStateAsync(reRead, null, cancellationToken).ConfigureAwait(false);
            tasks.AddRange(fresh.Tasks);
            assignments.AddRange(fresh.Assignments);
            results.AddRange(fresh.Results);
        }

        return new BatchState(tasks, assignments, results);
    }

    /// <summary>Reads the tasks, their assignments (unless given) and their results, the three reads side by side.</summary>
    private async Task<BatchState> ReadStateAsync(IReadOnlyCollection<string> taskIds, IReadOnlyList<AssignmentRecord>? assignments, CancellationToken cancellationToken)
    {
        var assignmentsRead = assignments is null ? _store.ReadAssignmentsAsync(taskIds, cancellationToken) : Task.FromResult(assignments);
        var tasksRead = _store.FindTasksAsync(taskIds, cancellationToken);
        var resultsRead = _store.ReadResultsAsync(taskIds, cancellationToken);
        await Task.WhenAll(assignmentsRead, tasksRead, resultsRead).ConfigureAwait(false);
        return new BatchState(await tasksRead.ConfigureAwait(false), await assignmentsRead.ConfigureAwait(false), await resultsRead.ConfigureAwait(false));
    }

    private ReadOnlyMemory<byte>? DeviceKey(string deviceId) =>
        _registry.FindDevice(deviceId, out var device) == RegistryLookup.Found ? device!.Key : null;

    /// <summary>Which results <see cref="AuthenticateAsync"/> passed, for the hand-over of the same list.</summary>
    /// <param name="Passed">The results whose MAC verified.</param>
    /// <param name="Assignments">The assignments read for it, reused after the commit for the tasks not written since.</param>
    /// <param name="ReadAt">The write log's generation taken before that read.</param>
    private sealed record AuthenticatedBatch(HashSet<ReceivedResult> Passed, IReadOnlyList<AssignmentRecord> Assignments, long ReadAt);

    /// <summary>A batch's tasks as read: the tasks, their assignments and their results.</summary>
    private sealed record BatchState(IReadOnlyList<TaskRecord> Tasks, IReadOnlyList<AssignmentRecord> Assignments, IReadOnlyList<ResultRecord> Results)
    {
        /// <summary>This state with the <paramref name="taskIds"/>' rows replaced by a fresher read of them.</summary>
        public BatchState Refreshed(IReadOnlyCollection<string> taskIds, BatchState fresh)
        {
            var replaced = taskIds.ToHashSet(StringComparer.Ordinal);
            return new BatchState(
                [.. Tasks.Where(t => !replaced.Contains(t.TaskId)), .. fresh.Tasks],
                [.. Assignments.Where(a => !replaced.Contains(a.TaskId)), .. fresh.Assignments],
                [.. Results.Where(r => !replaced.Contains(r.TaskId)), .. fresh.Results]);
        }
    }
}
