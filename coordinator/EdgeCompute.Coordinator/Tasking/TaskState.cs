using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>One task's assignments and results as stored, with the views verification and scheduling need.</summary>
internal sealed class TaskState
{
    private readonly Dictionary<(uint, string), ResultRecord> _results = [];

    public TaskState(IReadOnlyList<AssignmentRecord> assignments, IReadOnlyList<ResultRecord> results)
    {
        Assignments = assignments;
        Results = results;
        foreach (var result in results)
        {
            _results[(result.Slot, result.NodeId)] = result;
        }

        Live = [.. assignments.Where(IsLive)];
        Slots = [.. assignments.Select(a => a.Slot).Distinct()];
    }

    public IReadOnlyList<AssignmentRecord> Assignments { get; }

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

    public ResultRecord? ResultOf(AssignmentRecord assignment) => _results.GetValueOrDefault((assignment.Slot, assignment.NodeId));

    /// <summary>Slots with no live assignment (all withdrawn, or answered wrongly), lowest first: a reissue reuses them.</summary>
    public IEnumerable<uint> ReusableSlots() =>
        Slots.Where(slot => !Live.Any(a => a.Slot == slot)).Order();

    /// <summary>The live answered results that decode, as the verifiers take them, in received order.</summary>
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

    public static bool TryDecode(AssignmentRecord assignment, ResultRecord record, out SubmittedResult submitted)
    {
        submitted = null!;
        if (!TaskAssignmentCodec.Decode(assignment.Assignment).TryGetValue(out var issued))
        {
            return false;
        }

        TaskResult? result = null;
        if (issued.Parameters is WasmParameters)
        {
            if (GatewayResultBody.TryDecode(record.Body, out var status, out var fuel, out var output))
            {
                result = GatewayResultBody.ToTaskResult(record.TaskId, record.Slot, status, fuel, output);
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

    private bool IsLive(AssignmentRecord assignment) => assignment.State switch
    {
        AssignmentState.Issued => true,
        AssignmentState.Answered => ResultOf(assignment) is { Verdict: ResultVerdict.Pending or ResultVerdict.Valid },
        _ => false,
    };
}
