namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>Why an amount in a <see cref="PayoutPlan"/> differs from a plain proportional share.</summary>
public enum AdjustmentReason
{
    /// <summary>A credit's verification committed in another epoch; it is booked there.</summary>
    BookedInAnotherEpoch,

    /// <summary>Data from a device not approved for data rewards earns nothing.</summary>
    DeviceNotApproved,

    /// <summary>A pool had no credits, so it was given to the other pool.</summary>
    EmptyPoolMoved,

    /// <summary>A device's data reward was cut to the per-device cap; the rest went to uncapped devices.</summary>
    DataCapApplied,

    /// <summary>An owner above the share cap kept the cap plus the retained part of the excess.</summary>
    ShareCapDampened,

    /// <summary>An owner received part of the excess taken from owners above the cap.</summary>
    ShareCapRedistributed,

    /// <summary>Units no owner could take went to the carry account.</summary>
    Carried,

    /// <summary>No owner had any credit this epoch: the whole pot went to the carry account.</summary>
    NoCredits,
}
