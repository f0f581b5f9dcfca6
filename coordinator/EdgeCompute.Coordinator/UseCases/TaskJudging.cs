using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// Judging: a task's replicas read, the domain's judge decides (<see cref="TaskJudge"/>: the job's verification method,
/// adaptive trust, spot checks, suspect nodes' quorums re-executed), and the verdicts with the task's completion are
/// committed in one transaction — refused by the store when another replica changed the task meanwhile (its fingerprint),
/// so a slot is paid at most once. Then reputations, colluding pairs, counters, and the job's completion. Internal steps,
/// called under the work lock by result intake, issue and the module checks.
/// </summary>
internal sealed class TaskJudging
{
    private readonly WorkState _state;
    private readonly IWorkStore _store;
    private readonly ILogger _logger;
    private readonly NodeStandings _standings;
    private readonly JobCompletion _completion;
    private readonly TaskJudge _judge;

    public TaskJudging(WorkState state, NodeStandings standings, JobCompletion completion, IModuleReExecutor? modules)
    {
        _state = state;
        _store = state.Store;
        _logger = state.Logger;
        _standings = standings;
        _completion = completion;
        _judge = new TaskJudge(new KernelReExecutor(), modules, standings.Adaptive, state.Random, standings.IsSuspect);
    }

    internal async Task<TaskReplicas> StateAsync(string taskId, CancellationToken cancellationToken) =>
        new(await _store.ReadAssignmentsAsync(taskId, cancellationToken).ConfigureAwait(false),
            await _store.ReadResultsAsync(taskId, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// Verifies a task's pending results with its job's method and commits the verdicts (and the task, when decided) in
    /// one transaction. A WebAssembly quorum won with a suspect node is held for re-execution instead
    /// (<see cref="TaskJudge.AwaitsModuleReExecution"/>, settled by <see cref="SuspectQuorumChecks"/>), unless
    /// <paramref name="reExecuted"/> brings that re-execution.
    /// </summary>
    /// <param name="task">The task.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="reExecuted">The coordinator's own run of this task, when it was re-executed for a held quorum.</param>
    /// <returns>A task that completes when judged (or held).</returns>
    internal async Task EvaluateAsync(TaskRecord task, CancellationToken cancellationToken, IModuleReExecutor? reExecuted = null)
    {
        var context = await _state.Jobs.FindAsync(task.JobId, cancellationToken).ConfigureAwait(false);
        if (context is null)
        {
            return;
        }

        var state = await StateAsync(task.TaskId, cancellationToken).ConfigureAwait(false);
        if (reExecuted is null && Hold(task, context, state))
        {
            return;
        }

        var judge = reExecuted is null ? _judge : new TaskJudge(new KernelReExecutor(), reExecuted, _standings.Adaptive, _state.Random, _standings.IsSuspect);
        if (judge.Decide(task, context.Policy, state, _state.NowMs) is not { } decision)
        {
            return;
        }

        if (!await _state.WroteAsync(_store.JudgeAsync(decision.Updates, decision.Completion, cancellationToken), task.TaskId).ConfigureAwait(false))
        {
            _logger.LogInformation("Task {TaskId}: verdicts not committed (decided elsewhere meanwhile)", task.TaskId);
            return;
        }

        await AfterJudgedAsync([decision], cancellationToken).ConfigureAwait(false);
        if (decision.Completion is not null)
        {
            await CloseIssuedAsync(state, cancellationToken).ConfigureAwait(false);
            await _completion.CheckAsync(task.JobId, afterVerified: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After verdicts committed: reputations (in memory and stored), counters, and a warning per wrong result.</summary>
    private async Task AfterJudgedAsync(IReadOnlyList<TaskDecision> decisions, CancellationToken cancellationToken)
    {
        await _standings.RecordAsync([.. decisions.SelectMany(d => d.Decided)], cancellationToken).ConfigureAwait(false);
        await _standings.RecordColludingPairsAsync(decisions, cancellationToken).ConfigureAwait(false);
        foreach (var decision in decisions)
        {
            foreach (var update in decision.Updates)
            {
                _state.Counters.Count(update.Verdict switch
                {
                    ResultVerdict.Valid => WorkCounter.ResultValid,
                    ResultVerdict.Invalid => WorkCounter.ResultInvalid,
                    _ => WorkCounter.ResultLate,
                });
                if (update.Verdict == ResultVerdict.Invalid)
                {
                    _logger.LogWarning("Result {TaskId}/{Slot} from {Node} is wrong ({Reason}); penalised", update.TaskId, update.Slot, update.NodeId, update.Reason);
                }
            }

            if (decision.Completion is not null)
            {
                _state.Counters.Count(WorkCounter.TaskVerified);
            }
        }
    }

    /// <summary>Closes the task's assignments still out: their nodes are free again and their results, if any come, are not paid.</summary>
    internal async Task CloseIssuedAsync(TaskReplicas state, CancellationToken cancellationToken)
    {
        foreach (var assignment in state.StillIssued())
        {
            if (await _state.WroteAsync(_store.SetAssignmentStateAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, AssignmentState.Issued,
                AssignmentState.Closed, cancellationToken), assignment.TaskId).ConfigureAwait(false))
            {
                _state.Outstanding.Add(assignment.NodeId, -1);
            }
        }
    }

    internal async Task FailTaskAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        if (await _state.WroteAsync(_store.FinishTaskAsync(task.TaskId, WorkTaskStatus.Failed, null, _state.NowMs, cancellationToken), task.TaskId).ConfigureAwait(false))
        {
            _state.Counters.Count(WorkCounter.TaskFailed);
            await CloseIssuedAsync(await StateAsync(task.TaskId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await _completion.CheckAsync(task.JobId, afterVerified: false, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Verifies many tasks — with the states given, reading the others in one go — and commits the verdicts in one
    /// transaction; falls back to one by one when the store changed meanwhile.
    /// </summary>
    internal async Task EvaluateManyAsync(IReadOnlyList<TaskRecord> tasks, IReadOnlyDictionary<string, TaskReplicas> known, CancellationToken cancellationToken)
    {
        if (tasks.Count == 0)
        {
            return;
        }

        var unknown = tasks.Where(t => !known.ContainsKey(t.TaskId)).Select(t => t.TaskId).ToList();
        var assignments = (unknown.Count == 0 ? [] : await _store.ReadAssignmentsAsync(unknown, cancellationToken).ConfigureAwait(false))
            .ToLookup(a => a.TaskId, StringComparer.Ordinal);
        var results = (unknown.Count == 0 ? [] : await _store.ReadResultsAsync(unknown, cancellationToken).ConfigureAwait(false))
            .ToLookup(r => r.TaskId, StringComparer.Ordinal);
        var decisions = new List<(TaskDecision Decision, TaskReplicas State)>();
        foreach (var task in tasks)
        {
            var context = await _state.Jobs.FindAsync(task.JobId, cancellationToken).ConfigureAwait(false);
            if (context is null)
            {
                continue;
            }

            var state = known.GetValueOrDefault(task.TaskId) ?? new TaskReplicas([.. assignments[task.TaskId]], [.. results[task.TaskId]]);
            if (Hold(task, context, state))
            {
                continue;
            }

            if (_judge.Decide(task, context.Policy, state, _state.NowMs) is { } decision)
            {
                decisions.Add((decision, state));
            }
        }

        if (decisions.Count == 0)
        {
            return;
        }

        var judgements = decisions.Select(d => new TaskJudgement(d.Decision.Task.TaskId, d.Decision.Updates, d.Decision.Completion,
            d.Decision.Completion is null
                ? []
                : d.State.StillIssued())).ToList();
        var closed = await _state.WroteAsync(_store.JudgeManyAsync(judgements, cancellationToken), judgements.Select(j => j.TaskId)).ConfigureAwait(false);
        if (closed is null)
        {
            _logger.LogDebug("Judging {Count} tasks together: the store changed meanwhile; judging them one by one", decisions.Count);
            foreach (var (decision, _) in decisions)
            {
                await EvaluateAsync(decision.Task, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        foreach (var key in closed)
        {
            _state.Outstanding.Add(key.NodeId, -1);
        }

        await AfterJudgedAsync([.. decisions.Select(d => d.Decision)], cancellationToken).ConfigureAwait(false);
        foreach (var jobId in decisions.Where(d => d.Decision.Completion is not null).Select(d => d.Decision.Task.JobId).Distinct(StringComparer.Ordinal))
        {
            await _completion.CheckAsync(jobId, afterVerified: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Holds a task whose quorum waits for the coordinator's re-execution; true when held (queued once).</summary>
    /// <param name="task">The task.</param>
    /// <param name="context">Its job.</param>
    /// <param name="state">Its replicas.</param>
    /// <returns>Whether its judgement waits.</returns>
    internal bool Hold(TaskRecord task, JobContext context, TaskReplicas state)
    {
        if (!_judge.AwaitsModuleReExecution(task, context.Policy, state))
        {
            return false;
        }

        if (_state.SuspectQuorums.Add(task.TaskId))
        {
            _state.Counters.Count(WorkCounter.SuspectQuorumHeld);
            _logger.LogInformation("Task {TaskId}: its quorum was won with a suspect node among the winners; held until the coordinator re-executes it", task.TaskId);
        }

        return true;
    }
}
