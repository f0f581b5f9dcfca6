namespace EdgeCompute.Coordinator.UseCases;

/// <summary>The reason code of a cancel.</summary>
public enum CancelReason
{
    /// <summary>The job was running and is now cancelled.</summary>
    Cancelled = 0,

    /// <summary>The job had been cancelled before: nothing changed (a retried cancel).</summary>
    AlreadyCancelled = 1,

    /// <summary>No job has that id.</summary>
    NotFound = 2,

    /// <summary>The job had completed or failed: there is nothing left to cancel.</summary>
    Finished = 3,
}
