namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>Where a task is.</summary>
public enum WorkTaskStatus
{
    /// <summary>Waiting for slots to be issued or answered.</summary>
    Open = 1,

    /// <summary>Verified: its output is final.</summary>
    Verified = 2,

    /// <summary>Given up after too many attempts.</summary>
    Failed = 3,

    /// <summary>Open when its job was cancelled: never verified afterwards, and nothing is paid for it.</summary>
    Cancelled = 4,
}
