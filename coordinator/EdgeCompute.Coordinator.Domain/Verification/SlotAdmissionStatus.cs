namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>What the slot book did with an arriving result.</summary>
public enum SlotAdmissionStatus
{
    /// <summary>The answer the slot was waiting for: it goes on to verification and may be paid.</summary>
    Accepted = 0,

    /// <summary>Kept for the record (late, duplicate, or after close) and never paid.</summary>
    RecordedNotPayable = 1,

    /// <summary>Refused: the task or slot is unknown, or the slot was never issued to this device.</summary>
    Rejected = 2,
}
