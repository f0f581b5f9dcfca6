using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tasking;

/// <summary>
/// How a planned task is kept in <c>TaskRecord.Parameters</c>: a task assignment encoded with the protocol's own codec
/// (slot 0, deadline 0) whose device id is the node the task is pinned to (a sensor query's gateway), or the task id
/// itself when any node may run it. Each issued assignment is this template with the real slot, node and deadline.
/// </summary>
internal static class TaskTemplate
{
    public static byte[] Encode(PlannedTask task) =>
        TaskAssignmentCodec.Encode(new TaskAssignment(task.TaskId, 0, task.PinnedNode ?? task.TaskId, task.Parameters, Budget(task.Budget), 0));

    public static bool TryDecode(TaskRecord task, out TaskAssignment template, out string? pinnedNode)
    {
        pinnedNode = null;
        if (!TaskAssignmentCodec.Decode(task.Parameters).TryGetValue(out var decoded) || decoded.TaskId != task.TaskId)
        {
            template = null!;
            return false;
        }

        template = decoded;
        pinnedNode = decoded.DeviceId == task.TaskId ? null : decoded.DeviceId;
        return true;
    }

    private static uint Budget(ulong budget) => (uint)Math.Min(budget, uint.MaxValue);
}
