using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>
/// One task's replica slots: the assignments issued for them and the results that answered, with the lifecycle's rules
/// — which assignments are still in play, which slot a reissue reuses, how an arriving result is recorded (a result
/// after its slot was withdrawn, or after its task was decided, is kept and never paid), which results the verifiers
/// see (only those that answer exactly the assignment issued) and what the task's output is. No I/O: storage reads the
/// records and persists what the rules decide.
/// </summary>
public sealed class TaskReplicas
{
    private readonly Dictionary<(uint, string), ResultRecord> _results = [];

    /// <summary>Creates the view of one task.</summary>
    /// <param name="assignments">Its assignments, as stored.</param>
    /// <param name="results">Its results, as stored.</param>
    public TaskReplicas(IReadOnlyList<AssignmentRecord> assignments, IReadOnlyList<ResultRecord> results)
    {
        Assignments = assignments ?? throw new ArgumentNullException(nameof(assignments));
        Results = results ?? throw new ArgumentNullException(nameof(results));
        foreach (var result in results)
        {
            _results[(result.Slot, result.NodeId)] = result;
        }

        Live = [.. assignments.Where(IsLive)];
        Slots = [.. assignments.Select(a => a.Slot).Distinct()];
    }

    /// <summary>Every assignment of the task.</summary>
    public IReadOnlyList<AssignmentRecord> Assignments { get; }

    /// <summary>Every result of the task.</summary>
    public IReadOnlyList<ResultRecord> Results { get; }

    /// <summary>Assignments still in play: issued, or answered with a result that is pending or valid.</summary>
    public IReadOnlyList<AssignmentRecord> Live { get; }

    /// <summary>Every slot number used.</summary>
    public IReadOnlyList<uint> Slots { get; }

    /// <summary>
    /// Slots with a live assignment: the replicas still in play, as a quorum counts them. A withdrawn slot (past its
    /// deadline, handed back) is not outstanding: it is issued again, and its late result is never paid.
    /// </summary>
    public int LiveSlots => Live.Select(a => a.Slot).Distinct().Count();

    /// <summary>Whether every live assignment has answered (and at least one is live).</summary>
    public bool AllLiveAnswered => Live.Count > 0 && Live.All(a => a.State == AssignmentState.Answered);

    /// <summary>
    /// Records a result that arrived for <paramref name="assignment"/>: pending (it goes to the verifiers), or not paid
    /// when its slot was withdrawn (<see cref="VerificationReasonCode.LateAfterReissue"/>) or its task decided
    /// (<see cref="VerificationReasonCode.TaskClosed"/>).
    /// </summary>
    /// <param name="assignment">The assignment it answers (found by task, slot and node).</param>
    /// <param name="task">Its task as stored; null when gone.</param>
    /// <param name="gatewayId">The gateway that forwarded it.</param>
    /// <param name="body">The result body.</param>
    /// <param name="now">When its batch committed, ms since the Unix epoch.</param>
    /// <returns>The result to store.</returns>
    public static ResultRecord Receive(AssignmentRecord assignment, TaskRecord? task, string gatewayId, byte[] body, long now)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var (verdict, reason) = assignment.State switch
        {
            AssignmentState.Withdrawn => (ResultVerdict.NotPaid, VerificationReasonCode.LateAfterReissue),
            _ when assignment.State == AssignmentState.Closed || task is not { Status: WorkTaskStatus.Open } => (ResultVerdict.NotPaid, VerificationReasonCode.TaskClosed),
            _ => (ResultVerdict.Pending, VerificationReasonCode.AwaitingReplicas),
        };
        return new ResultRecord(assignment.TaskId, assignment.Slot, assignment.NodeId, gatewayId, assignment.Owner, body, now, verdict,
            verdict == ResultVerdict.Pending ? "" : reason.ToString(), 0, verdict == ResultVerdict.Pending ? null : now);
    }

    /// <summary>The result answering an assignment, if any.</summary>
    /// <param name="assignment">The assignment.</param>
    /// <returns>The result, or null.</returns>
    public ResultRecord? ResultOf(AssignmentRecord assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return _results.GetValueOrDefault((assignment.Slot, assignment.NodeId));
    }

    /// <summary>
    /// The slot for each node about to be issued the task: first the slots with no live assignment (all withdrawn, or
    /// answered wrongly), lowest first, so a reissue keeps its slot number; then new numbers. A node trying the task
    /// again (<paramref name="retried"/>) gets a slot it never held, so its old assignment and a late result for it stay apart.
    /// </summary>
    /// <param name="nodes">The nodes, in the order they are issued.</param>
    /// <param name="retried">Nodes trying the task again (<see cref="MissedDeadlineOnly"/>); empty for none.</param>
    /// <returns>One slot per node, in the same order.</returns>
    public IReadOnlyList<uint> SlotsToIssue(IReadOnlyList<string> nodes, IReadOnlySet<string> retried)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(retried);
        var free = new Queue<uint>(Slots.Where(slot => !Live.Any(a => a.Slot == slot)).Order());
        var next = Slots.Count == 0 ? 0u : Slots.Max() + 1;
        return [.. nodes.Select(node => free.Count > 0 && !retried.Contains(node) ? free.Dequeue() : next++)];
    }

    /// <summary>
    /// Nodes that only missed their deadline on this task (withdrawn, never answered, holding no live replica): when no
    /// fresh node gives the replicas the owner diversity they need, these may try again, on a new slot, before the task
    /// is given up. Nodes that answered stay excluded.
    /// </summary>
    /// <returns>Their ids.</returns>
    public IReadOnlySet<string> MissedDeadlineOnly()
    {
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var missed in Assignments.Where(a => a.State == AssignmentState.Withdrawn && ResultOf(a) is null))
        {
            if (!Live.Any(a => a.NodeId == missed.NodeId) && !Results.Any(r => r.NodeId == missed.NodeId))
            {
                nodes.Add(missed.NodeId);
            }
        }

        return nodes;
    }

    /// <summary>The assignments still issued: when the task is decided they close, and their results, if any come, are not paid.</summary>
    /// <returns>Their keys.</returns>
    public IReadOnlyList<AssignmentKey> StillIssued() =>
        [.. Assignments.Where(a => a.State == AssignmentState.Issued).Select(a => new AssignmentKey(a.TaskId, a.Slot, a.NodeId))];

    /// <summary>
    /// How many live replicas the task wants under <paramref name="policy"/>: one for direct and sampled checks, one for
    /// adaptive replication's first slot or a trusted node alone, else the policy's replicas, plus those a quorum still
    /// lacks once every live replica has answered.
    /// </summary>
    /// <param name="policy">The job's policy.</param>
    /// <param name="isTrusted">Whether adaptive replication trusts a node now.</param>
    /// <returns>The replicas wanted.</returns>
    public int ReplicasWanted(JobVerificationPolicy policy, Func<string, bool> isTrusted)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(isTrusted);
        var extra = AllLiveAnswered ? QuorumExtension(policy) : 0;
        return policy.Method switch
        {
            VerificationMethod.DirectPow or VerificationMethod.SampledReExecution => 1,
            VerificationMethod.AdaptiveReplication when Slots.Count == 1 && isTrusted(Assignments[0].NodeId) => 1,
            VerificationMethod.AdaptiveReplication when Slots.Count == 0 => 1,
            _ => Math.Max(policy.Replicas, Live.Count + extra),
        };
    }

    /// <summary>The live answered results that answer exactly their assignment, as the verifiers take them, in received order.</summary>
    /// <param name="pendingOnly">Only those still pending.</param>
    /// <returns>The results.</returns>
    public List<SubmittedResult> Submitted(bool pendingOnly = false)
    {
        var submitted = new List<(long Received, SubmittedResult Result)>();
        foreach (var assignment in Live.Where(a => a.State == AssignmentState.Answered))
        {
            if (ResultOf(assignment) is not { } record || (pendingOnly && record.Verdict != ResultVerdict.Pending))
            {
                continue;
            }

            if (TryDecode(assignment, record, out var result))
            {
                submitted.Add((record.ReceivedMs, result));
            }
        }

        return [.. submitted.OrderBy(s => s.Received).Select(s => s.Result)];
    }

    /// <summary>
    /// Reads a stored result against the assignment it answers; false when either does not decode or the result names
    /// another task or slot than the assignment issued.
    /// </summary>
    /// <param name="assignment">The assignment.</param>
    /// <param name="record">Its result.</param>
    /// <param name="submitted">The pair as the verifiers take it.</param>
    /// <returns>Whether the result answers exactly this assignment.</returns>
    public static bool TryDecode(AssignmentRecord assignment, ResultRecord record, out SubmittedResult submitted)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(record);
        submitted = null!;
        if (!TaskAssignmentCodec.Decode(assignment.Assignment).TryGetValue(out var issued))
        {
            return false;
        }

        TaskResult? result = null;
        if (issued.Parameters is WasmParameters or WasmBlobParameters)
        {
            if (GatewayResultBody.TryDecode(record.Body, out var status, out var fuel, out var output, out var blob))
            {
                result = GatewayResultBody.ToTaskResult(record.TaskId, record.Slot, status, fuel, output, blob, issued.Kernel);
            }
        }
        else if (TaskResultCodec.Decode(record.Body).TryGetValue(out var decoded))
        {
            result = decoded;
        }

        if (result is null || result.TaskId != issued.TaskId || result.Slot != issued.Slot)
        {
            return false;
        }

        submitted = new SubmittedResult(issued, result);
        return true;
    }

    /// <summary>
    /// The output of a verified task: the result body for a kernel (slot 0), the module's output bytes for a WASM task,
    /// or a <see cref="WasmOutputReference"/> when those bytes are a blob.
    /// </summary>
    /// <param name="accepted">The accepted result.</param>
    /// <returns>The output to store.</returns>
    public byte[] OutputOf(SubmittedResult accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        if (accepted.Assignment.Parameters is WasmParameters or WasmBlobParameters)
        {
            var record = Results.First(r => r.Slot == accepted.Key.Slot && r.NodeId == accepted.Key.DeviceId);
            return !GatewayResultBody.TryDecode(record.Body, out _, out _, out var output, out var blob) ? []
                : blob is null ? output
                : WasmOutputReference.Encode(blob);
        }

        return TaskResultCodec.Encode(accepted.Result with { Slot = 0 });
    }

    private int QuorumExtension(JobVerificationPolicy policy)
    {
        var submitted = Submitted();
        return submitted.Count == 0 ? 0 : policy.CreateQuorumVerifier().Evaluate(submitted, LiveSlots).AdditionalReplicasNeeded;
    }

    private bool IsLive(AssignmentRecord assignment) => assignment.State switch
    {
        AssignmentState.Issued => true,
        AssignmentState.Answered => ResultOf(assignment) is { Verdict: ResultVerdict.Pending or ResultVerdict.Valid },
        _ => false,
    };
}
