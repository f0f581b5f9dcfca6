namespace EdgeCompute.Coordinator.Domain.Epochs;

/// <summary>Outcome of <see cref="EpochCloser.Close"/>.</summary>
public enum EpochCloseReason
{
    /// <summary>The epoch was closed now: book the plan, then store the statement.</summary>
    Closed,

    /// <summary>The epoch was already closed: the stored statement is returned and nothing is paid again.</summary>
    AlreadyClosed,

    /// <summary>The epoch has not ended yet.</summary>
    EpochNotOver,

    /// <summary>The stored statement passed in belongs to another epoch.</summary>
    StatementOfAnotherEpoch,
}
