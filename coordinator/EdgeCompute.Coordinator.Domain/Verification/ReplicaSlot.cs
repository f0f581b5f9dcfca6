namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>One replica slot of a task: who it is issued to, until when, whether it was answered and paid.</summary>
public sealed class ReplicaSlot
{
    private readonly List<string> _previousDevices = [];

    internal ReplicaSlot(uint number) => Number = number;

    /// <summary>The slot number (assignment key 2).</summary>
    public uint Number { get; }

    /// <summary>Where the slot stands.</summary>
    public SlotState State { get; private set; }

    /// <summary>The device it is (or was last) issued to; null while open.</summary>
    public string? DeviceId { get; private set; }

    /// <summary>The current issue's deadline; null while open.</summary>
    public DateTimeOffset? Deadline { get; private set; }

    /// <summary>Devices the slot was taken away from by a reissue, oldest first.</summary>
    public IReadOnlyList<string> PreviousDevices => _previousDevices;

    /// <summary>Whether the slot has been reissued at least once.</summary>
    public bool IsReissued => _previousDevices.Count > 0;

    /// <summary>When the accepted answer arrived; null until answered.</summary>
    public DateTimeOffset? AnsweredAt { get; private set; }

    /// <summary>Whether the slot's answer has been paid (at most once).</summary>
    public bool IsPaid { get; private set; }

    internal void Issue(string deviceId, DateTimeOffset deadline)
    {
        if (DeviceId is not null)
        {
            _previousDevices.Add(DeviceId);
        }

        DeviceId = deviceId;
        Deadline = deadline;
        State = SlotState.Issued;
    }

    internal void Answer(DateTimeOffset at)
    {
        State = SlotState.Answered;
        AnsweredAt = at;
    }

    internal void Close()
    {
        if (State is SlotState.Open or SlotState.Issued)
        {
            State = SlotState.Closed;
        }
    }

    internal SlotResult Pay()
    {
        if (State != SlotState.Answered)
        {
            return new(SlotReasonCode.NotAnswered);
        }

        if (IsPaid)
        {
            return new(SlotReasonCode.AlreadyPaid);
        }

        IsPaid = true;
        return SlotResult.Ok;
    }
}
