using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// A result admitted by the slot book, with the assignment it answers (the exact one issued for its task,
/// slot and device; the MAC check upstream guarantees the pairing).
/// </summary>
public sealed record SubmittedResult
{
    /// <summary>Pairs a result with its assignment.</summary>
    /// <param name="assignment">The assignment issued for the result's task, slot and device.</param>
    /// <param name="result">The decoded result body.</param>
    /// <exception cref="ArgumentException">The result's task or slot is not the assignment's: a broken contract upstream.</exception>
    public SubmittedResult(TaskAssignment assignment, TaskResult result)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(result);
        if (!string.Equals(assignment.TaskId, result.TaskId, StringComparison.Ordinal) || assignment.Slot != result.Slot)
        {
            throw new ArgumentException(
                $"result {result.TaskId}/{result.Slot} does not answer assignment {assignment.TaskId}/{assignment.Slot}", nameof(result));
        }

        Assignment = assignment;
        Result = result;
    }

    /// <summary>The assignment.</summary>
    public TaskAssignment Assignment { get; }

    /// <summary>The result.</summary>
    public TaskResult Result { get; }

    /// <summary>The result's identity: (task, slot, the device the assignment named).</summary>
    public ResultKey Key => new(Result.TaskId, Result.Slot, Assignment.DeviceId);
}
