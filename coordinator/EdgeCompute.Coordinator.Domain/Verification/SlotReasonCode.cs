namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>Why a slot operation (open, issue, reissue, admit a result, pay) went the way it did.</summary>
public enum SlotReasonCode
{
    /// <summary>Done.</summary>
    Ok = 0,

    /// <summary>No task with that id is tracked.</summary>
    UnknownTask,

    /// <summary>A task with that id is already tracked.</summary>
    TaskExists,

    /// <summary>The task has no slot with that number.</summary>
    UnknownSlot,

    /// <summary>The task is closed: results are recorded and not paid; nothing is issued.</summary>
    TaskClosed,

    /// <summary>The slot is not open, so it cannot be issued for the first time.</summary>
    SlotNotOpen,

    /// <summary>The slot is not waiting for a result, so it cannot be reissued.</summary>
    SlotNotIssued,

    /// <summary>The device holds or held a slot of this task already; replicas go to different devices.</summary>
    DeviceAlreadyInTask,

    /// <summary>The slot was never issued to the device that answered.</summary>
    NotIssuedToDevice,

    /// <summary>The slot was reissued away from the device that answered; its result is recorded and not paid.</summary>
    LateAfterReissue,

    /// <summary>The slot has already been answered by this device; the copy is recorded and not paid.</summary>
    DuplicateResult,

    /// <summary>The slot has already been paid.</summary>
    AlreadyPaid,

    /// <summary>The slot has no accepted answer to pay for.</summary>
    NotAnswered,
}
