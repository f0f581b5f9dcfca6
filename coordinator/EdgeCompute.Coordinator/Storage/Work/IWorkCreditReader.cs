using EdgeCompute.Coordinator.Domain.Work;

namespace EdgeCompute.Coordinator.Storage.Work;

/// <summary>What closing an epoch reads from the work store: the credits and fees committed in the epoch's window.</summary>
public interface IWorkCreditReader
{
    /// <summary>Valid results whose verification committed in [<paramref name="fromMs"/>, <paramref name="toMs"/>), for an epoch's work rewards.</summary>
    /// <param name="fromMs">Inclusive start, ms since the Unix epoch.</param>
    /// <param name="toMs">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The credits, in (verified time, task, slot) order.</returns>
    Task<IReadOnlyList<WorkCreditRecord>> ReadWorkCreditsAsync(long fromMs, long toMs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Jobs that ended (completed, failed or cancelled) with their end committed in [<paramref name="fromMs"/>,
    /// <paramref name="toMs"/>): what each was charged joins that epoch's pot.
    /// </summary>
    /// <param name="fromMs">Inclusive start, ms since the Unix epoch.</param>
    /// <param name="toMs">Exclusive end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The jobs, in completion order.</returns>
    Task<IReadOnlyList<JobRecord>> ReadEndedJobsAsync(long fromMs, long toMs, CancellationToken cancellationToken = default);
}
