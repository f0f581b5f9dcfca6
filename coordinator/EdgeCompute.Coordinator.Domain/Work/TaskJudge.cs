using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>
/// Judges a task's pending results with its job's verification method and turns the outcomes into verdicts: valid ones
/// are credited with their cost units, at most one per slot (a second valid answer for a slot already paid is recorded
/// as <see cref="VerificationReasonCode.DuplicateResult"/> and not paid); the first valid result completes the task
/// with its output. A quorum won with a suspect node among the winners is judged by re-execution instead
/// (<see cref="SuspectReExecution"/>), and two nodes of different owners proven to share a wrong answer are reported as a
/// <see cref="ColludingPair"/>. No I/O; the store's unique index on valid results per slot stays as the last guard across replicas.
/// </summary>
/// <param name="kernels">Re-executes device kernels (direct and sampled checks, suspect quorums).</param>
/// <param name="modules">Re-executes WebAssembly modules for sampled checks and suspect quorums, when available.</param>
/// <param name="adaptive">Adaptive replication's trust per node.</param>
/// <param name="random">Sampling draws (seeded by the caller).</param>
/// <param name="isSuspect">Whether a node is suspect now (<see cref="Reputation.ReputationModel.IsSuspect"/>); none when null.</param>
public sealed class TaskJudge(KernelReExecutor kernels, IModuleReExecutor? modules, AdaptiveReplication adaptive, Random random, Func<string, bool>? isSuspect = null)
{
    /// <summary>Judges the pending results of one task.</summary>
    /// <param name="task">The task.</param>
    /// <param name="policy">Its job's verification policy.</param>
    /// <param name="replicas">Its assignments and results.</param>
    /// <param name="now">When the verdicts commit, ms since the Unix epoch.</param>
    /// <returns>The verdicts and, when a result was accepted, the completion; null when nothing is decided yet.</returns>
    public TaskDecision? Decide(TaskRecord task, JobVerificationPolicy policy, TaskReplicas replicas, long now)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(replicas);
        var pending = replicas.Submitted(pendingOnly: true);
        if (pending.Count == 0)
        {
            return null;
        }

        var outcomes = Verify(policy, replicas, pending);
        var pendingKeys = pending.ToDictionary(p => p.Key);
        var paidSlots = replicas.Results.Where(r => r.Verdict == ResultVerdict.Valid).Select(r => r.Slot).ToHashSet();
        SubmittedResult? accepted = null;
        var updates = new List<ResultVerdictUpdate>();
        var decided = new List<VerificationOutcome>();
        foreach (var outcome in outcomes)
        {
            if (outcome.Status == VerificationStatus.Pending || !pendingKeys.TryGetValue(outcome.Key, out var submitted))
            {
                continue;
            }

            // Every replica that agreed did the work in its own slot and is paid; a slot is paid once.
            var (verdict, reason) = outcome.Status switch
            {
                VerificationStatus.Valid when !paidSlots.Add(outcome.Key.Slot) => (ResultVerdict.NotPaid, VerificationReasonCode.DuplicateResult),
                VerificationStatus.Valid => (ResultVerdict.Valid, outcome.ReasonCode),
                VerificationStatus.Invalid => (ResultVerdict.Invalid, outcome.ReasonCode),
                _ => (ResultVerdict.NotPaid, outcome.ReasonCode),
            };
            if (verdict == ResultVerdict.Valid)
            {
                accepted ??= submitted;
            }

            updates.Add(new ResultVerdictUpdate(outcome.Key.TaskId, outcome.Key.Slot, outcome.Key.DeviceId, verdict, reason.ToString(),
                verdict == ResultVerdict.Valid ? (long)Math.Min(outcome.CostUnits, long.MaxValue) : 0, now));
            decided.Add(outcome);
        }

        if (updates.Count == 0)
        {
            return null;
        }

        var completion = accepted is null ? null : new TaskCompletion(task.TaskId, WorkTaskStatus.Verified, replicas.OutputOf(accepted), now);
        return new TaskDecision(task, updates, completion, decided) { ColludingPairs = PairsProven(replicas, decided, pendingKeys) };
    }

    /// <summary>
    /// Whether this task's judgement waits for a re-execution only the caller can make: its replicas reached a quorum
    /// with a suspect node among the winners (<see cref="SuspectReExecution"/>), and its kernel is one neither the
    /// devices' kernels nor this judge's module re-executor can run (a WebAssembly module, compiled and run by the
    /// coordinator outside its lock). Until the caller re-executes it and judges it with the result, the quorum must not
    /// stand: accepted on the vote, a suspect node and its undetected partner would be paid for a shared wrong answer.
    /// </summary>
    /// <param name="task">The task (its kernel is checked first: a pass asks this of every answered task).</param>
    /// <param name="policy">The job's verification policy.</param>
    /// <param name="replicas">The task's assignments and results.</param>
    /// <returns>Whether to re-execute before judging.</returns>
    public bool AwaitsModuleReExecution(TaskRecord task, JobVerificationPolicy policy, TaskReplicas replicas)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(replicas);
        if (isSuspect is null || KernelReExecutor.CanReExecute(task.Kernel) || modules?.CanReExecute(task.Kernel) == true
            || policy.Method is VerificationMethod.DirectPow or VerificationMethod.SampledReExecution
            || (policy.Method == VerificationMethod.AdaptiveReplication && replicas.Slots.Count == 1)
            || replicas.Submitted(pendingOnly: true).Count == 0)
        {
            return false;
        }

        var decision = policy.CreateQuorumVerifier().Evaluate(replicas.Submitted(), replicas.LiveSlots);
        return decision.State == QuorumState.Reached && decision.Outcomes.Any(o => o.Status == VerificationStatus.Valid && isSuspect(o.Key.DeviceId));
    }

    /// <summary>The colluding pairs among the invalid verdicts (none, and nothing spent, when there is at most one).</summary>
    private static IReadOnlyList<ColludingPair> PairsProven(TaskReplicas replicas, List<VerificationOutcome> decided, Dictionary<ResultKey, SubmittedResult> results)
    {
        if (decided.Count(o => o.Status == VerificationStatus.Invalid) < 2)
        {
            return [];
        }

        var owners = replicas.Assignments.GroupBy(a => a.NodeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Owner, StringComparer.Ordinal);
        return ColludingPair.Detect(decided.Select(o => (results[o.Key], o)), node => owners.GetValueOrDefault(node, node));
    }

    private IEnumerable<VerificationOutcome> Verify(JobVerificationPolicy policy, TaskReplicas replicas, List<SubmittedResult> pending)
    {
        switch (policy.Method)
        {
            case VerificationMethod.DirectPow:
                var pow = policy.CreatePowCheck(kernels);
                return [.. pending.Select(pow.Verify)];
            case VerificationMethod.SampledReExecution:
                var sampler = policy.CreateSampler(kernels, modules);
                return [.. pending.Select(p => sampler.Verify(p, random))];
            case VerificationMethod.AdaptiveReplication when replicas.Slots.Count == 1:
                return [.. pending.Select(adaptive.AcceptAlone)];
            default:
                var submitted = replicas.Submitted();
                var decision = policy.CreateQuorumVerifier().Evaluate(submitted, replicas.LiveSlots);
                return (decision.State == QuorumState.Reached && isSuspect is not null
                    ? SuspectReExecution.Judge(submitted, decision.Outcomes, isSuspect, new ReExecutionSampler(0, kernels, modules))
                    : null) ?? decision.Outcomes;
        }
    }
}
