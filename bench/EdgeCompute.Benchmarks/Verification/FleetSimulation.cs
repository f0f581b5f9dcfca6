using System.Globalization;
using EdgeCompute.Coordinator.Domain.Reputation;
using EdgeCompute.Coordinator.Domain.Scheduling;
using EdgeCompute.Coordinator.Domain.Verification;

namespace EdgeCompute.Benchmarks.Verification;

/// <summary>
/// One seeded run: a fleet of simulated nodes, <see cref="SimulationOptions.CheaterShare"/> of them playing one
/// cheating strategy, working through tasks in scheduling rounds the way task issue's passes do. Each round every
/// node has one free slot; open tasks are served first, then new ones until the pool is used up. Placement is the
/// domain's <see cref="ReplicaPlacement"/> (scheduler, adaptive replication's plan, detected colluding pairs kept apart),
/// verdicts come from the domain's <see cref="QuorumVerifier"/>, <see cref="SuspectReExecution"/>,
/// <see cref="AdaptiveReplication"/> and <see cref="ReExecutionSampler"/>, and every decided outcome and missed deadline
/// feeds the <see cref="ReputationBook"/> and the adaptive trust (none while suspect), as the engine records them. A caught
/// cheater keeps taking tasks for <see cref="SimulationOptions.AfterCatch"/> assignments, then rejoins as a new
/// identity (new id, the prior's reputation), so the share of cheaters stays constant.
/// </summary>
internal sealed class FleetSimulation
{
    /// <summary>Micro-units paid for one valid result (the same for every task, so rewards count paid results).</summary>
    public const long RewardPerResult = 1_000;

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly PolicySetting _setting;
    private readonly CheatingStrategy _strategy;
    private readonly SimulationOptions _options;
    private readonly JobColumn _column;
    private readonly Random _random;
    private readonly Random _nodeSeeds;
    private readonly TaskWorkload _workload;
    private readonly ReputationBook _reputation = new(new ReputationModel(new ReputationOptions()));
    private readonly AdaptiveReplication _adaptive;
    private readonly JobVerificationPolicy _policy;
    private readonly QuorumVerifier _quorum;
    private readonly ReExecutionSampler _sampler;
    private readonly HashSet<string> _kernels;
    private readonly List<SimNode> _active = [];
    private readonly Dictionary<string, SimNode> _byId = new(StringComparer.Ordinal);
    private readonly List<SimTask> _open = [];
    private readonly HashSet<ColludingPair> _pairs = [];
    private readonly RunTally _tally = new();
    private int _nodeSeq;
    private int _trialsStarted;
    private int _nextTask;
    private DateTimeOffset _now = Start;

    /// <summary>Prepares a run.</summary>
    public FleetSimulation(JobColumn column, PolicySetting setting, CheatingStrategy strategy, SimulationOptions options, int seed)
    {
        _column = column;
        _setting = setting;
        _strategy = strategy;
        _options = options;
        _random = new Random(seed);
        _nodeSeeds = new Random(unchecked((seed * 7919) + 17));
        _workload = new TaskWorkload(column);
        _adaptive = new AdaptiveReplication(setting.TrustAfter, setting.SpotCheckRate);
        _policy = setting.ToJobPolicy();
        _quorum = _policy.CreateQuorumVerifier();
        _sampler = new ReExecutionSampler(setting.AuditRate, _workload.Kernels, _workload.Modules);
        _kernels = new HashSet<string>(StringComparer.Ordinal) { _workload.Kernel };
    }

    /// <summary>Runs until every trial ended and enough tasks were verified.</summary>
    public RunTally Run()
    {
        for (var i = 0; i < _options.Nodes - _options.CheaterSlots; i++)
        {
            Add(NewNode(CheatingStrategy.Honest, trial: false));
        }

        for (var i = 0; i < _options.CheaterSlots && _options.Trials > 0; i += Unit)
        {
            AddCheaters();
        }

        for (var round = 0; round < _options.MaxRounds; round++)
        {
            if (_trialsStarted >= _options.Trials && _tally.Trials.Count == _trialsStarted && _tally.Verified >= _options.Tasks)
            {
                _tally.Rounds = round;
                return _tally;
            }

            _now = Start.AddSeconds(30.0 * round);
            RunRound(round);
        }

        throw new InvalidOperationException($"the run did not finish within {_options.MaxRounds} rounds");
    }

    private void RunRound(int round)
    {
        var pool = new NodePool(_active.Select(n => new NodeCandidate(n.Id, n.Id, n.Id, n.Id, _column == JobColumn.Wasm, _kernels, true, 1,
            _reputation.Score(n.Id, _now).LowerBound, "u0")), _pairs);
        var issued = new List<(SimTask Task, SimNode Node, uint Slot)>();
        foreach (var task in _open.ToList())
        {
            Serve(task, pool, issued);
        }

        while (true)
        {
            var task = new SimTask(_nextTask, _workload.Template(_nextTask), round);
            _nextTask++;
            _open.Add(task);
            if (!Serve(task, pool, issued))
            {
                break; // the pool is used up; the task waits for the next round
            }
        }

        var touched = new List<SimTask>();
        foreach (var (task, node, slot) in issued)
        {
            Answer(task, node, slot);
            if (touched.Count == 0 || touched[^1] != task)
            {
                touched.Add(task);
            }
        }

        foreach (var task in touched.Distinct())
        {
            Judge(task);
        }

        RetireCheaters();
    }

    /// <summary>Issues the replicas a task wants now; false when none could be placed.</summary>
    private bool Serve(SimTask task, NodePool pool, List<(SimTask, SimNode, uint)> issued)
    {
        if (task.Issued >= _options.MaxAttempts)
        {
            Finish(task, verified: false);
            return true;
        }

        var need = Wanted(task) - task.Live.Count;
        if (need <= 0)
        {
            return true;
        }

        var holders = task.Live.Select(r => new ReplicaHolder(r.Node.Id, r.Node.Id, r.Node.Id)).ToList();
        var request = new PlacementRequest(task.Template.TaskId, _workload.Kernel, 0, holders, task.Held, null);
        var placement = ReplicaPlacement.Place(request, need, task.Issued == 0, _policy, _adaptive, pool, _random);
        if (placement.Chosen.Count == 0)
        {
            return false;
        }

        task.Slots = Math.Max(task.Slots, task.Live.Count + placement.Chosen.Count);
        foreach (var chosen in placement.Chosen)
        {
            var node = _byId[chosen.NodeId];
            node.Assigned++;
            task.FirstNode ??= node.Id;
            task.Held.Add(node.Id);
            issued.Add((task, node, (uint)task.Issued));
            task.Issued++;
        }

        return true;
    }

    /// <summary>The live replicas a task wants, as <c>TaskReplicas.ReplicasWanted</c> counts them.</summary>
    private int Wanted(SimTask task) => _policy.Method switch
    {
        VerificationMethod.DirectPow or VerificationMethod.SampledReExecution => 1,
        VerificationMethod.AdaptiveReplication when task.Issued == 0 => 1,
        VerificationMethod.AdaptiveReplication when task.Slots == 1 && task.FirstNode is { } first && _adaptive.Trust(first).IsTrusted => 1,
        _ => Math.Max(_policy.Replicas, task.Live.Count + task.Extra),
    };

    private void Answer(SimTask task, SimNode node, uint slot)
    {
        var wrong = node.Answer(_adaptive.Trust(node.Id).IsTrusted);
        if (wrong is not { } isWrong)
        {
            // No answer: the slot is withdrawn at its deadline, which counts against the node as the engine counts it, and
            // the task wants another replica.
            Record(node, wrong: false, VerificationOutcome.MissedDeadline(new ResultKey(task.Template.TaskId, slot, node.Id)));
            return;
        }

        if (isWrong && node.FirstWrongAfter is null)
        {
            node.FirstWrongAfter = node.Completed;
        }

        node.Completed++;
        var assignment = task.Template with { Slot = slot, DeviceId = node.Id };
        var result = isWrong ? _workload.Wrong(assignment, node.Variant) : _workload.Right(assignment);
        task.Live.Add(new SimReplica(node, new SubmittedResult(assignment, result), isWrong));
    }

    private void Judge(SimTask task)
    {
        if (task.Live.Count == 0 || task.Verified || task.Failed)
        {
            return;
        }

        IReadOnlyList<VerificationOutcome> outcomes;
        if (_policy.Method == VerificationMethod.SampledReExecution)
        {
            var outcome = _sampler.Verify(task.Live[0].Answer!, _random);
            task.ReExecutions += outcome.ReasonCode is VerificationReasonCode.ReExecutionMatched or VerificationReasonCode.ReExecutionMismatch ? 1 : 0;
            outcomes = [outcome];
        }
        else if (_policy.Method == VerificationMethod.AdaptiveReplication && task.Slots == 1)
        {
            outcomes = [_adaptive.AcceptAlone(task.Live[0].Answer!)];
            if (outcomes[0].Status == VerificationStatus.Pending)
            {
                return; // no longer trusted: the task is replicated next round
            }
        }
        else
        {
            var submitted = task.Live.Select(r => r.Answer!).ToList();
            var decision = _quorum.Evaluate(submitted, task.Live.Count);
            if (decision.State != QuorumState.Reached)
            {
                task.Extra = decision.AdditionalReplicasNeeded;
                return;
            }

            outcomes = decision.Outcomes;
            if (SuspectReExecution.Judge(submitted, outcomes, id => _reputation.IsSuspect(id, _now), _sampler) is { } reExecuted)
            {
                // A suspect node won: the coordinator re-executed the task and judged every replica against its own result.
                task.ReExecutions++;
                _tally.SuspectReExecutions++;
                outcomes = reExecuted;
            }
        }

        if (_setting.AuditRate > 0 && _policy.Method != VerificationMethod.SampledReExecution && _random.NextDouble() < _setting.AuditRate)
        {
            // The coordinator re-executes the decided task once and judges every replica against its own result.
            task.ReExecutions++;
            outcomes = [.. task.Live.Select(r => _sampler.ReExecute(r.Answer!))];
        }

        for (var i = 0; i < outcomes.Count; i++)
        {
            Record(task.Live[i].Node, task.Live[i].Wrong, outcomes[i]);
        }

        foreach (var pair in ColludingPair.Detect(task.Live.Select((r, i) => (r.Answer!, outcomes[i])), id => id))
        {
            _tally.PairsDetected += _pairs.Add(pair) ? 1 : 0;
        }

        if (!outcomes.Any(o => o.Status == VerificationStatus.Valid))
        {
            // Every replica was wrong (a suspect quorum re-executed): as in the engine, none is live any more and the task
            // is issued again to other nodes.
            task.Live.Clear();
            task.Extra = 0;
            return;
        }

        Finish(task, verified: true);
    }

    /// <summary>Records an outcome as the engine does: reputation, then trust (none while the node is suspect).</summary>
    private void Record(SimNode node, bool wrong, VerificationOutcome outcome)
    {
        if (outcome.Status is VerificationStatus.Pending or VerificationStatus.NotPayable)
        {
            return;
        }

        var state = _reputation.Record(outcome, _now);
        _adaptive.Record(outcome, mayTrust: !_reputation.Model.IsSuspect(state, _now));
        var caught = node.CaughtAfter is not null;
        if (outcome.Status == VerificationStatus.Valid)
        {
            node.WrongPaid += wrong ? RewardPerResult : 0;
            node.WrongPaidAfterCaught += wrong && caught ? RewardPerResult : 0;
            node.PaidAfterCaught += caught ? RewardPerResult : 0;
        }
        else
        {
            _tally.HonestPenalised += node.IsCheater ? 0 : 1;
        }

        if (outcome.Status == VerificationStatus.Invalid && node.IsTrial && !caught)
        {
            // A wrong answer was counted as completed when it came; a missed deadline completed nothing.
            node.CaughtAfter = outcome.ReasonCode == VerificationReasonCode.DeadlineMissed ? node.Completed : node.Completed - 1;
            node.AssignedWhenCaught = node.Assigned;
        }
    }

    private void Finish(SimTask task, bool verified)
    {
        task.Verified = verified;
        task.Failed = !verified;
        _open.Remove(task);
        _tally.Verified += verified ? 1 : 0;
        _tally.Failed += verified ? 0 : 1;
        if (task.CreatedRound >= _options.SettleRounds)
        {
            _tally.SettledIssued += task.Issued;
            _tally.SettledReExecutions += task.ReExecutions;
            _tally.SettledVerified += verified ? 1 : 0;
        }
    }

    /// <summary>Cheaters that join and leave together: a colluding pair, else one.</summary>
    private int Unit => _strategy == CheatingStrategy.ColludingPair ? 2 : 1;

    private void RetireCheaters()
    {
        foreach (var node in _active.Where(n => n.InCheaterSlot && (n.Partner is null || string.CompareOrdinal(n.Id, n.Partner.Id) < 0)).ToList())
        {
            if (!TrialOver(node) || (node.Partner is { } partner && !TrialOver(partner)))
            {
                continue;
            }

            foreach (var member in node.Partner is null ? [node] : new[] { node, node.Partner })
            {
                member.Active = false;
                _active.Remove(member);
                if (member.IsTrial)
                {
                    _tally.Trials.Add(TrialRecord.Of(member));
                }
            }

            AddCheaters();
        }
    }

    private bool TrialOver(SimNode node) =>
        node.CaughtAfter is null ? node.Assigned >= _options.Horizon : node.Assigned - node.AssignedWhenCaught >= _options.AfterCatch;

    /// <summary>Adds one cheater, or a colluding pair (two owners sharing one wrong answer).</summary>
    private void AddCheaters()
    {
        var trial = _trialsStarted < _options.Trials;
        _trialsStarted += trial ? Unit : 0;
        var first = NewNode(_strategy, trial);
        first.InCheaterSlot = true;
        Add(first);
        if (_strategy == CheatingStrategy.ColludingPair)
        {
            var second = NewNode(_strategy, trial, first.Variant);
            second.InCheaterSlot = true;
            (first.Partner, second.Partner) = (second, first);
            Add(second);
        }
    }

    private void Add(SimNode node)
    {
        _active.Add(node);
        _byId.Add(node.Id, node);
    }

    private SimNode NewNode(CheatingStrategy strategy, bool trial, int? variant = null)
    {
        var seq = _nodeSeq++;
        var prefix = strategy == CheatingStrategy.Honest ? "h" : "c";
        return new SimNode(prefix + seq.ToString("D6", CultureInfo.InvariantCulture), strategy, variant ?? seq, _nodeSeeds.Next(), trial);
    }
}
