namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>Where one replica slot of a task stands.</summary>
public enum SlotState
{
    /// <summary>Not issued to any device yet.</summary>
    Open = 0,

    /// <summary>Issued to a device (possibly after a reissue) and waiting for its result.</summary>
    Issued = 1,

    /// <summary>The device it was last issued to has answered.</summary>
    Answered = 2,

    /// <summary>The task closed before the slot was answered; nothing more is accepted for it.</summary>
    Closed = 3,
}
