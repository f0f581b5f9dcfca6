using EdgeCompute.Coordinator.Domain.Reputation;
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
        await RecordColludingPairsAsync(decisions, cancellationToken).ConfigureAwait(false);
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

    /// <summary>
    /// Records the outcomes in the nodes' reputations and adaptive trust, starting from what the store holds for those
    /// nodes (another replica sharing the store may have recorded results of them since this one last did), in one store
    /// transaction per batch: no replica overwrites another's evidence, and a restart or a second replica never resets a
    /// node's record.
    /// </summary>
    private async Task RecordReputationsAsync(IReadOnlyList<VerificationOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var nodes = outcomes.Select(o => o.Key.DeviceId).Distinct(StringComparer.Ordinal).ToList();
        await _store.UpdateReputationsAsync(nodes, stored =>
        {
            foreach (var record in stored.Values)
            {
                _reputation.Restore(record.NodeId, new ReputationState(record.Alpha, record.Beta, record.UpdatedMs));
                var current = _adaptive.Trust(record.NodeId);
                _adaptive.Restore(record.NodeId, new AdaptiveTrust(record.ValidRun, record.Trusted, current.SpotChecks, current.Revocations));
            }

            var latest = new Dictionary<string, NodeReputationRecord>(StringComparer.Ordinal);
            foreach (var outcome in outcomes)
            {
                // A suspect node (caught recently) is not trusted, however long its run: its work stays replicated.
                var reputation = _reputation.Record(outcome, now);
                var trust = _adaptive.Record(outcome, mayTrust: !_reputation.Model.IsSuspect(reputation, now));
                latest[outcome.Key.DeviceId] = new NodeReputationRecord(outcome.Key.DeviceId, reputation.Alpha, reputation.Beta, reputation.UpdatedAtUnixMs,
                    trust.ValidRun, trust.IsTrusted);
            }

            return [.. latest.Values];
        }, cancellationToken).ConfigureAwait(false);
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
