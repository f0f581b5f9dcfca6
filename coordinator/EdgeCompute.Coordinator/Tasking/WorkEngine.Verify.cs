using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Tasking;

public sealed partial class WorkEngine
{
    private async Task<TaskState> TaskStateAsync(string taskId, CancellationToken cancellationToken) =>
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
        if (Decide(task, context, state) is not { } decision)
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

    /// <summary>
    /// Verifies a task's pending results with its job's method (no I/O): the verdicts to set and, when one result is
    /// accepted, the task's completion with its output; null when nothing is decided yet.
    /// </summary>
    private TaskDecision? Decide(TaskRecord task, JobContext context, TaskState state)
    {
        var pending = state.Submitted(pendingOnly: true);
        if (pending.Count == 0)
        {
            return null;
        }

        var policy = context.Policy;
        var outcomes = new List<VerificationOutcome>();
        SubmittedResult? accepted = null;
        switch (policy.Method)
        {
            case VerificationMethod.DirectPow:
                var pow = policy.CreatePowCheck(_kernels);
                outcomes.AddRange(pending.Select(pow.Verify));
                break;
            case VerificationMethod.SampledReExecution:
                var sampler = policy.CreateSampler(_kernels, _modules);
                outcomes.AddRange(pending.Select(p => sampler.Verify(p, _random)));
                break;
            case VerificationMethod.AdaptiveReplication when state.Slots.Count == 1:
                outcomes.AddRange(pending.Select(_adaptive.AcceptAlone));
                break;
            default:
                var decision = policy.CreateQuorumVerifier().Evaluate(state.Submitted(), state.LiveSlots);
                outcomes.AddRange(decision.Outcomes);
                break;
        }

        var pendingKeys = pending.ToDictionary(p => p.Key);
        var now = NowMs;
        var updates = new List<ResultVerdictUpdate>();
        var decided = new List<VerificationOutcome>();
        foreach (var outcome in outcomes)
        {
            if (outcome.Status == VerificationStatus.Pending || !pendingKeys.TryGetValue(outcome.Key, out var submitted))
            {
                continue;
            }

            // Every replica that agreed did the work in its own slot and is paid (the store keeps one valid result per slot).
            var verdict = outcome.Status switch
            {
                VerificationStatus.Valid => ResultVerdict.Valid,
                VerificationStatus.Invalid => ResultVerdict.Invalid,
                _ => ResultVerdict.NotPaid,
            };
            if (verdict == ResultVerdict.Valid)
            {
                accepted ??= submitted;
            }

            updates.Add(new ResultVerdictUpdate(outcome.Key.TaskId, outcome.Key.Slot, outcome.Key.DeviceId, verdict, outcome.ReasonCode.ToString(),
                verdict == ResultVerdict.Valid ? (long)Math.Min(outcome.CostUnits, long.MaxValue) : 0, now));
            decided.Add(outcome);
        }

        if (updates.Count == 0)
        {
            return null;
        }

        var completion = accepted is null ? null : new TaskCompletion(task.TaskId, WorkTaskStatus.Verified, OutputOf(accepted, state), now);
        return new TaskDecision(task, updates, completion, decided);
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
    private async Task CloseIssuedAsync(TaskState state, CancellationToken cancellationToken)
    {
        foreach (var assignment in state.Assignments.Where(a => a.State == AssignmentState.Issued))
        {
            if (await _store.SetAssignmentStateAsync(assignment.TaskId, assignment.Slot, assignment.NodeId, AssignmentState.Issued, AssignmentState.Closed, cancellationToken)
                .ConfigureAwait(false))
            {
                AddOutstanding(assignment.NodeId, -1);
            }
        }
    }

    /// <summary>The stored output of a verified task: the result body for a kernel, the module's output bytes for a WASM task.</summary>
    private static byte[] OutputOf(SubmittedResult accepted, TaskState state)
    {
        if (accepted.Assignment.Parameters is WasmParameters)
        {
            var record = state.Results.First(r => r.Slot == accepted.Key.Slot && r.NodeId == accepted.Key.DeviceId);
            return GatewayResultBody.TryDecode(record.Body, out _, out _, out var output) ? output : [];
        }

        return TaskResultCodec.Encode(accepted.Result with { Slot = 0 });
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
