namespace EdgeCompute.Coordinator.Runtime;

/// <summary>
/// Who runs the scheduler and the epoch closer. Every replica ingests batches and serves the API, but only the lease
/// holder issues work and closes epochs, so two replicas never place the same task slot twice or race an epoch close.
/// </summary>
public interface ISchedulerLease : IAsyncDisposable
{
    /// <summary>Gets whether this process held the lease at the last check.</summary>
    bool IsHeld { get; }

    /// <summary>Takes the lease when it is free, or confirms this process still holds it.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether this process holds the lease now.</returns>
    ValueTask<bool> HoldAsync(CancellationToken cancellationToken);
}
