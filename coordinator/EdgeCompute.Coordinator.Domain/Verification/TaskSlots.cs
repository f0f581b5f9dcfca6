namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// The replica slots of one task and every result that arrived for them. A result is accepted only from the
/// device its slot is currently issued to and only once; anything else is recorded with a reason and never paid.
/// Not thread-safe: one writer, like the ledger.
/// </summary>
public sealed class TaskSlots
{
    private readonly List<ReplicaSlot> _slots = [];
    private readonly List<SlotAdmission> _history = [];

    /// <summary>Creates a task with <paramref name="replicas"/> open slots numbered from 0.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="replicas">How many replica slots, at least 1.</param>
    public TaskSlots(string taskId, int replicas)
    {
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        TaskId = taskId;
        for (var i = 0; i < replicas; i++)
        {
            AddSlot();
        }
    }

    /// <summary>The task id.</summary>
    public string TaskId { get; }

    /// <summary>Whether the task is closed (verified or abandoned).</summary>
    public bool IsClosed { get; private set; }

    /// <summary>The slots, by number.</summary>
    public IReadOnlyList<ReplicaSlot> Slots => _slots;

    /// <summary>Every result that arrived, accepted or not, in arrival order.</summary>
    public IReadOnlyList<SlotAdmission> History => _history;

    /// <summary>Adds one open slot, e.g. when a quorum cannot be reached with the slots issued.</summary>
    /// <returns>The new slot's number.</returns>
    public uint AddSlot()
    {
        var number = (uint)_slots.Count;
        _slots.Add(new ReplicaSlot(number));
        return number;
    }

    /// <summary>Every device that holds or held a slot of this task.</summary>
    /// <returns>The device ids.</returns>
    public IReadOnlySet<string> Devices()
    {
        var devices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slot in _slots)
        {
            if (slot.DeviceId is not null)
            {
                devices.Add(slot.DeviceId);
            }

            devices.UnionWith(slot.PreviousDevices);
        }

        return devices;
    }

    /// <summary>Issues an open slot to a device that has no other slot of this task.</summary>
    /// <param name="slot">The slot number.</param>
    /// <param name="deviceId">The device.</param>
    /// <param name="deadline">When the result is due.</param>
    /// <returns>Ok, or why not.</returns>
    public SlotResult Issue(uint slot, string deviceId, DateTimeOffset deadline) =>
        Assign(slot, deviceId, deadline, SlotState.Open, SlotReasonCode.SlotNotOpen);

    /// <summary>
    /// Takes an issued, unanswered slot away from its device and issues it to another that has no slot of this
    /// task. A later result from the first device is recorded as <see cref="SlotReasonCode.LateAfterReissue"/>.
    /// </summary>
    /// <param name="slot">The slot number.</param>
    /// <param name="deviceId">The new device.</param>
    /// <param name="deadline">The new deadline.</param>
    /// <returns>Ok, or why not.</returns>
    public SlotResult Reissue(uint slot, string deviceId, DateTimeOffset deadline) =>
        Assign(slot, deviceId, deadline, SlotState.Issued, SlotReasonCode.SlotNotIssued);

    /// <summary>Records an arriving result and says whether it is the answer its slot was waiting for.</summary>
    /// <param name="key">The result's identity.</param>
    /// <param name="receivedAt">When it arrived.</param>
    /// <returns>The admission, also kept in <see cref="History"/>.</returns>
    public SlotAdmission Admit(ResultKey key, DateTimeOffset receivedAt)
    {
        var admission = Decide(key, receivedAt);
        _history.Add(admission);
        return admission;
    }

    /// <summary>Marks a slot's answer as paid; a second call for the same slot fails with <see cref="SlotReasonCode.AlreadyPaid"/>.</summary>
    /// <param name="slot">The slot number.</param>
    /// <returns>Ok the first time, otherwise why not.</returns>
    public SlotResult TryMarkPaid(uint slot) =>
        slot < _slots.Count ? _slots[(int)slot].Pay() : new(SlotReasonCode.UnknownSlot);

    /// <summary>The issued slots whose deadline is before <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>The overdue slots with the devices a reissue must avoid.</returns>
    public IReadOnlyList<OverdueSlot> Overdue(DateTimeOffset now)
    {
        if (IsClosed)
        {
            return [];
        }

        List<OverdueSlot>? overdue = null;
        foreach (var slot in _slots)
        {
            if (slot.State == SlotState.Issued && slot.Deadline < now)
            {
                (overdue ??= []).Add(new OverdueSlot(TaskId, slot.Number, slot.DeviceId!, slot.Deadline.Value, Devices()));
            }
        }

        return overdue ?? (IReadOnlyList<OverdueSlot>)[];
    }

    /// <summary>Closes the task: unanswered slots close; later results are recorded and not paid. Idempotent.</summary>
    public void Close()
    {
        IsClosed = true;
        foreach (var slot in _slots)
        {
            slot.Close();
        }
    }

    private SlotResult Assign(uint slot, string deviceId, DateTimeOffset deadline, SlotState required, SlotReasonCode otherwise)
    {
        ArgumentException.ThrowIfNullOrEmpty(deviceId);
        if (IsClosed)
        {
            return new(SlotReasonCode.TaskClosed);
        }

        if (slot >= _slots.Count)
        {
            return new(SlotReasonCode.UnknownSlot);
        }

        var target = _slots[(int)slot];
        if (target.State != required)
        {
            return new(otherwise);
        }

        if (Devices().Contains(deviceId))
        {
            return new(SlotReasonCode.DeviceAlreadyInTask);
        }

        target.Issue(deviceId, deadline);
        return SlotResult.Ok;
    }

    private SlotAdmission Decide(ResultKey key, DateTimeOffset receivedAt)
    {
        if (!string.Equals(key.TaskId, TaskId, StringComparison.Ordinal))
        {
            return new(key, SlotAdmissionStatus.Rejected, SlotReasonCode.UnknownTask, receivedAt);
        }

        if (key.Slot >= _slots.Count)
        {
            return new(key, SlotAdmissionStatus.Rejected, SlotReasonCode.UnknownSlot, receivedAt);
        }

        var slot = _slots[(int)key.Slot];
        if (slot.PreviousDevices.Contains(key.DeviceId, StringComparer.Ordinal))
        {
            return new(key, SlotAdmissionStatus.RecordedNotPayable, SlotReasonCode.LateAfterReissue, receivedAt);
        }

        if (!string.Equals(slot.DeviceId, key.DeviceId, StringComparison.Ordinal))
        {
            return new(key, SlotAdmissionStatus.Rejected, SlotReasonCode.NotIssuedToDevice, receivedAt);
        }

        if (slot.State == SlotState.Answered)
        {
            return new(key, SlotAdmissionStatus.RecordedNotPayable, SlotReasonCode.DuplicateResult, receivedAt);
        }

        if (IsClosed)
        {
            return new(key, SlotAdmissionStatus.RecordedNotPayable, SlotReasonCode.TaskClosed, receivedAt);
        }

        // A result after its deadline is still the slot's answer until the slot is actually reissued.
        slot.Answer(receivedAt);
        return new(key, SlotAdmissionStatus.Accepted, SlotReasonCode.Ok, receivedAt);
    }
}
