namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// Every tracked task's replica slots: issue, reissue on missed deadlines, admit results, pay each slot at most
/// once. Pure bookkeeping: times come from the caller. Not thread-safe: one writer, like the ledger.
/// </summary>
public sealed class SlotBook
{
    private readonly Dictionary<string, TaskSlots> _tasks = new(StringComparer.Ordinal);

    /// <summary>The tracked tasks.</summary>
    public IReadOnlyCollection<TaskSlots> Tasks => _tasks.Values;

    /// <summary>Starts tracking a task with <paramref name="replicas"/> open slots.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="replicas">How many replica slots, at least 1.</param>
    /// <returns>Ok, or <see cref="SlotReasonCode.TaskExists"/>.</returns>
    public SlotResult Open(string taskId, int replicas)
    {
        if (_tasks.ContainsKey(taskId))
        {
            return new(SlotReasonCode.TaskExists);
        }

        _tasks.Add(taskId, new TaskSlots(taskId, replicas));
        return SlotResult.Ok;
    }

    /// <summary>Finds a tracked task.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="task">The task's slots when found.</param>
    /// <returns>Whether it is tracked.</returns>
    public bool TryGet(string taskId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TaskSlots? task) =>
        _tasks.TryGetValue(taskId, out task);

    /// <summary>Issues an open slot (see <see cref="TaskSlots.Issue"/>).</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="slot">The slot number.</param>
    /// <param name="deviceId">The device.</param>
    /// <param name="deadline">When the result is due.</param>
    /// <returns>Ok, or why not.</returns>
    public SlotResult Issue(string taskId, uint slot, string deviceId, DateTimeOffset deadline) =>
        _tasks.TryGetValue(taskId, out var task) ? task.Issue(slot, deviceId, deadline) : new(SlotReasonCode.UnknownTask);

    /// <summary>Reissues an unanswered slot to another device (see <see cref="TaskSlots.Reissue"/>).</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="slot">The slot number.</param>
    /// <param name="deviceId">The new device.</param>
    /// <param name="deadline">The new deadline.</param>
    /// <returns>Ok, or why not.</returns>
    public SlotResult Reissue(string taskId, uint slot, string deviceId, DateTimeOffset deadline) =>
        _tasks.TryGetValue(taskId, out var task) ? task.Reissue(slot, deviceId, deadline) : new(SlotReasonCode.UnknownTask);

    /// <summary>Records an arriving result (see <see cref="TaskSlots.Admit"/>).</summary>
    /// <param name="key">The result's identity.</param>
    /// <param name="receivedAt">When it arrived.</param>
    /// <returns>Accepted, recorded but not payable, or rejected, with the reason.</returns>
    public SlotAdmission Admit(ResultKey key, DateTimeOffset receivedAt) =>
        _tasks.TryGetValue(key.TaskId, out var task)
            ? task.Admit(key, receivedAt)
            : new(key, SlotAdmissionStatus.Rejected, SlotReasonCode.UnknownTask, receivedAt);

    /// <summary>Marks the slot of a valid result paid; fails on the second call for the same slot.</summary>
    /// <param name="key">The result's identity.</param>
    /// <returns>Ok the first time, otherwise why not.</returns>
    public SlotResult TryMarkPaid(ResultKey key)
    {
        if (!_tasks.TryGetValue(key.TaskId, out var task))
        {
            return new(SlotReasonCode.UnknownTask);
        }

        if (key.Slot >= task.Slots.Count)
        {
            return new(SlotReasonCode.UnknownSlot);
        }

        return string.Equals(task.Slots[(int)key.Slot].DeviceId, key.DeviceId, StringComparison.Ordinal)
            ? task.TryMarkPaid(key.Slot)
            : new(SlotReasonCode.NotIssuedToDevice);
    }

    /// <summary>Closes a task (see <see cref="TaskSlots.Close"/>).</summary>
    /// <param name="taskId">The task id.</param>
    /// <returns>Ok, or <see cref="SlotReasonCode.UnknownTask"/>.</returns>
    public SlotResult Close(string taskId)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            return new(SlotReasonCode.UnknownTask);
        }

        task.Close();
        return SlotResult.Ok;
    }

    /// <summary>Every open task's issued slots past their deadline, earliest deadline first.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The slots to reissue, each with the devices to avoid.</returns>
    public IReadOnlyList<OverdueSlot> Overdue(DateTimeOffset now) =>
        [.. _tasks.Values.SelectMany(t => t.Overdue(now)).OrderBy(o => o.Deadline).ThenBy(o => o.TaskId, StringComparer.Ordinal).ThenBy(o => o.Slot)];
}
