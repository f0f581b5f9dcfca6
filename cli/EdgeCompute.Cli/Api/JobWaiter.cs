using EdgeCompute.Cli.Hosting;
using EdgeCompute.Client.Jobs;

namespace EdgeCompute.Cli.Api;

/// <summary>Follows a job (<c>GET /api/jobs/{id}</c>) until it completes or fails, then prints its result.</summary>
internal static class JobWaiter
{
    /// <summary>How often the job is asked after.</summary>
    public static TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Waits for the job's end.</summary>
    /// <param name="session">The API session.</param>
    /// <param name="id">The job id.</param>
    /// <param name="context">Output.</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    /// <returns>0 when it completed (its result printed on the last line), 1 when it failed.</returns>
    public static async Task<int> WaitAsync(ApiSession session, string id, CliContext context, CancellationToken cancellationToken)
    {
        var job = await session.CallAsync(c => c.WaitForJobAsync(id, PollInterval, new JobStatusChanges(context.Out), cancellationToken)).ConfigureAwait(false);
        if (job.Status == JobStatuses.Failed)
        {
            throw CommandFailedException.Failure($"job {id} failed (its fee is refunded): {job.Detail}");
        }

        if (job.Status == JobStatuses.Cancelled)
        {
            throw CommandFailedException.Failure($"job {id} was cancelled: {job.Detail}");
        }

        await context.Out.WriteLineAsync($"Job {id} completed: {job.Detail}").ConfigureAwait(false);
        var result = await session.CallAsync(c => c.GetJobResultAsync(id, cancellationToken)).ConfigureAwait(false);
        await JobResultOutput.WriteAsync(id, result, null, context.Out, cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
