using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    private async Task<TaskReplicas> TaskStateAsync(string taskId, CancellationToken cancellationToken) =>
        new(await _store.ReadAssignmentsAsync(taskId, cancellationToken).ConfigureAwait(false),
            await _store.ReadResultsAsync(taskId, cancellationToken).ConfigureAwait(false));

    /// <summary>Verifies a task's pending results with its job's method and commits the verdicts (and the task, when decided) in one transaction.</summary>
    private async Task EvaluateAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        var context = await ContextAsync(task.JobId, cancellationToken).ConfigureAwait(false);
        if (context is null)
        {
            return;
        }

        var state = await TaskStateAsync(task.TaskId, cancellationToken).ConfigureAwait(false);
        if (_judge.Decide(task, context.Policy, state, NowMs) is not { } decision)
        {
            return;
        }

        if (!await _store.JudgeAsync(decision.Updates, decision.Completion, cancellationToken).ConfigureAwait(false))
        {
            _logger.LogInformation("Task {TaskId}: verdicts not committed (decided elsewhere meanwhile)", task.TaskId);
            return;
        }

        await AfterJudgedAsync([decision], cancellationToken).ConfigureAwait(false);
        if (decision.Completion is not null)
        {
            await CloseIssuedAsync(state, cancellationToken).ConfigureAwait(false);
            await CheckJobAsync(task.JobId, afterVerified: true, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>After verdicts committed: reputations (in memory and stored), counters, and a warning per wrong result.</summary>
    private async Task AfterJudgedAsync(IReadOnlyList<TaskDecision> decisions, CancellationToken cancellationToken)
    {
        await RecordReputationsAsync([.. decisions.SelectMany(d => d.Decided)], cancellationToken).ConfigureAwait(false);
        foreach (var decision in decisions)
        {
            foreach (var update in decision.Updates)
            {
                Counters.Count(update.Verdict switch
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
                Counters.Count(WorkCounter.TaskVerified);
            }
        }
    }

    private async Task RecordReputationsAsync(IReadOnlyList<VerificationOutcome> outcomes, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var latest = new Dictionary<string, NodeReputationRecord>(StringComparer.Ordinal);
        foreach (var outcome in outcomes)
        {
            var reputation = _reputation.Record(outcome, now);
            var trust = _adaptive.Record(outcome);
            latest[outcome.Key.DeviceId] = new NodeReputationRecord(outcome.Key.DeviceId, reputation.Alpha, reputation.Beta, reputation.UpdatedAtUnixMs,
                trust.ValidRun, trust.IsTrusted);
        }

        if (latest.Count > 0)
        {
            await _store.SaveReputationsAsync([.. latest.Values], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the task's assignments still out: their nodes are free again and their results, if any come, are not paid.</summary>
    private async Task CloseIssuedAsync(TaskReplicas state, CancellationToken cancellationToken)
    {
        foreach (var assignment in state.StillIssued())
        {
            if (await _store.SetAssignmentStateAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, AssignmentState.Issued, AssignmentState.Closed, cancellationToken)
                .ConfigureAwait(false))
            {
                AddOutstanding(assignment.NodeId, -1);
            }
        }
    }

    private async Task FailTaskAsync(TaskRecord task, CancellationToken cancellationToken)
    {
        if (await _store.FinishTaskAsync(task.TaskId, WorkTaskStatus.Failed, null, NowMs, cancellationToken).ConfigureAwait(false))
        {
            Counters.Count(WorkCounter.TaskFailed);
            await CloseIssuedAsync(await TaskStateAsync(task.TaskId, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await CheckJobAsync(task.JobId, afterVerified: false, cancellationToken).ConfigureAwait(false);
        }
    }
}
