using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>
/// The periodic blob sweep: gives each job that ended (any state but running, with its end time) a release time of its finish plus
/// <see cref="BlobOptions.JobRetention"/> (a reference whose job was never stored — a refused submit — is released once it
/// is older than <see cref="BlobOptions.OrphanAfter"/>), releases the jobs whose time has come, collects uploads no job named for
/// <see cref="BlobOptions.OrphanAfter"/>, and deletes the bytes nobody holds. Every time is read from the clock it is given.
/// </summary>
/// <param name="blobs">The blob store.</param>
/// <param name="work">The work store (the jobs' states).</param>
/// <param name="options">The settings.</param>
/// <param name="time">The clock.</param>
public sealed class BlobSweeper(IBlobStore blobs, IWorkStore work, BlobOptions options, TimeProvider time)
{
    /// <summary>The most jobs one sweep looks up.</summary>
    public const int JobsPerSweep = 1_000;

    /// <summary>Runs one sweep.</summary>
    /// <param name="cancellationToken">Cancels between steps.</param>
    /// <returns>What it did.</returns>
    public async Task<BlobSweepReport> SweepAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var scheduled = 0;
        foreach (var reference in await blobs.ReadUnscheduledJobsAsync(JobsPerSweep, cancellationToken).ConfigureAwait(false))
        {
            var job = await work.FindJobAsync(reference.JobId, cancellationToken).ConfigureAwait(false);
            long? release = job switch
            {
                { Status: not JobStatus.Running, FinishedMs: { } finished } => finished + (long)options.JobRetention.TotalMilliseconds,
                null when reference.ReferencedMs < now - (long)options.OrphanAfter.TotalMilliseconds => now,
                _ => null,
            };
            if (release is { } at && await blobs.ScheduleReleaseAsync(reference.JobId, at, cancellationToken).ConfigureAwait(false) > 0)
            {
                scheduled++;
            }
        }

        var released = await blobs.ReleaseDueAsync(now, cancellationToken).ConfigureAwait(false);
        var orphans = await blobs.CollectOrphansAsync(now - (long)options.OrphanAfter.TotalMilliseconds, cancellationToken).ConfigureAwait(false);
        var deleted = await blobs.DeleteUnheldAsync(now - (long)options.UnheldGrace.TotalMilliseconds, cancellationToken).ConfigureAwait(false);
        return new BlobSweepReport(scheduled, released, orphans, deleted);
    }
}
