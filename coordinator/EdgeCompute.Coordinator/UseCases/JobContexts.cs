using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Storage.Work;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.UseCases;

/// <summary>
/// The running jobs this process has read or accepted, each with its decoded spec and verification policy, so judging
/// a result does not decode the job's spec again. A job leaves the cache when it finishes. Used under the work lock.
/// </summary>
internal sealed class JobContexts(IWorkStore store, ILogger logger)
{
    private readonly Dictionary<string, JobContext> _jobs = new(StringComparer.Ordinal);

    /// <summary>The job's context, read from the store the first time; null when there is no such job or its spec does not decode.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The context or null.</returns>
    public async Task<JobContext?> FindAsync(string jobId, CancellationToken cancellationToken)
    {
        if (_jobs.TryGetValue(jobId, out var cached))
        {
            return cached;
        }

        var job = await store.FindJobAsync(jobId, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return null;
        }

        var spec = JobJson.DeserializeSpec(job.SpecJson);
        if (!spec.IsSuccess)
        {
            logger.LogError("Job {JobId}: stored spec does not decode ({Error})", jobId, spec.Error);
            return null;
        }

        var policy = spec.Value!.Verification ?? JobKinds.Of(spec.Value).DefaultVerification;
        var context = new JobContext(job, spec.Value, policy);
        _jobs[jobId] = context;
        return context;
    }

    /// <summary>Keeps the context of a job just accepted.</summary>
    /// <param name="context">The context.</param>
    public void Remember(JobContext context) => _jobs[context.Job.JobId] = context;

    /// <summary>Drops a finished job.</summary>
    /// <param name="jobId">The job.</param>
    public void Forget(string jobId) => _jobs.Remove(jobId);
}
