using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>
/// The assignments issued for a set of tasks, by (task, slot, node): what a result is checked against. A device result
/// counts only if an assignment was issued for its (task, slot, device) and its frame's MAC verifies with the device key
/// over exactly those assignment bytes (issued bytes never change).
/// </summary>
public sealed class IssuedAssignments
{
    private readonly Dictionary<AssignmentKey, AssignmentRecord> _byKey;

    /// <summary>Indexes assignments as read.</summary>
    /// <param name="assignments">The assignments.</param>
    public IssuedAssignments(IEnumerable<AssignmentRecord> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        All = [.. assignments];
        _byKey = All.ToDictionary(a => new AssignmentKey(a.TaskId, a.Slot, a.NodeId));
    }

    /// <summary>Every assignment, as read.</summary>
    public IReadOnlyList<AssignmentRecord> All { get; }

    /// <summary>Finds the assignment a result names.</summary>
    /// <param name="key">Task, slot and node.</param>
    /// <param name="assignment">The assignment when issued.</param>
    /// <returns>Whether it was issued.</returns>
    public bool TryFind(AssignmentKey key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AssignmentRecord? assignment) =>
        _byKey.TryGetValue(key, out assignment);

    /// <summary>Checks a device result against the assignment issued for it.</summary>
    /// <param name="frame">The device's result frame.</param>
    /// <param name="result">The decoded result.</param>
    /// <param name="deviceKey">The device's key; null when the device is unknown or revoked.</param>
    /// <param name="assignment">The assignment it answers, when issued.</param>
    /// <returns>Authentic, or why not.</returns>
    public ResultAuthenticity Authenticate(DeviceFrame frame, TaskResult result, ReadOnlyMemory<byte>? deviceKey, out AssignmentRecord? assignment)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(result);
        if (!TryFind(new AssignmentKey(result.TaskId, result.Slot, frame.DeviceId), out assignment))
        {
            return ResultAuthenticity.NotIssued;
        }

        return deviceKey is { } key && DeviceFrameMac.Verify(frame, key.Span, assignment.Assignment) ? ResultAuthenticity.Authentic : ResultAuthenticity.BadMac;
    }
}
