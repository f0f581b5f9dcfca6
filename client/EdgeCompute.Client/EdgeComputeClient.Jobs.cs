using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeCompute.Client.Accounts;
using EdgeCompute.Client.Epochs;
using EdgeCompute.Client.Errors;
using EdgeCompute.Client.Fleet;
using EdgeCompute.Client.Http;
using EdgeCompute.Client.Jobs;
using EdgeCompute.Client.Nodes;
using EdgeCompute.Client.Proofs;
using EdgeCompute.Client.Session;
using EdgeCompute.Client.Stats;
using EdgeCompute.Client.Telemetry;

namespace EdgeCompute.Client;

/// <summary>Jobs: submit, list, show, result, image, tasks, cancel and wait (<c>/api/jobs</c>).</summary>
public sealed partial class EdgeComputeClient
{
    /// <summary>
    /// <c>POST /api/jobs</c>: submits a job paid by the token's owner. The submission always carries a job id (minted
    /// when <see cref="JobSubmission.JobId"/> is null), so a retry after a lost answer finds the job instead of paying
    /// twice: a <c>duplicate-job</c> answer to a retry is the first attempt's job, returned as accepted.
    /// </summary>
    /// <param name="submission">The job.</param>
    /// <param name="cancellationToken">Cancels the call (a job already accepted goes on).</param>
    /// <returns>The accepted job.</returns>
    /// <exception cref="ApiProblemException">400 bad spec, 401/403, 402 <c>insufficient-funds</c>, 409 (<c>duplicate-job</c> on the first attempt: the id was taken), 413.</exception>
    public async Task<JobAccepted> SubmitJobAsync(JobSubmission submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (submission.Spec.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException($"the job spec must be a JSON object with a \"kind\", got {submission.Spec.ValueKind}", nameof(submission));
        }

        var jobId = submission.JobId ?? JobIds.Mint();
        if (!JobIds.IsValid(jobId))
        {
            throw new ArgumentException($"job id \"{jobId}\" must be 1 to {JobIds.MaxLength} characters of [a-z0-9-]", nameof(submission));
        }

        var body = new Dictionary<string, object> { ["spec"] = submission.Spec, ["jobId"] = jobId };
        if (submission.MaxPrice is { } maxPrice)
        {
            body["maxPrice"] = maxPrice;
        }
        var call = new ApiCall();
        try
        {
            return await _transport.SendJsonAsync<JobAccepted>(HttpMethod.Post, "/api/jobs", body, call, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiProblemException e) when (e.Type == ApiProblemTypes.DuplicateJob && call.Attempts > 1)
        {
            // An earlier attempt of this very call was accepted and its answer lost: that job is ours, charged once.
            var job = await GetJobAsync(jobId, cancellationToken).ConfigureAwait(false);
            return new JobAccepted(job.Id, job.Status, job.Detail, job.Fee);
        }
    }

    /// <summary><c>GET /api/jobs</c>: jobs, newest first.</summary>
    /// <param name="status"><see cref="JobStatuses"/>; every job when null.</param>
    /// <param name="offset">Jobs to skip.</param>
    /// <param name="limit">Page size (1 to 500; 50 when null).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<JobPage> ListJobsAsync(string? status = null, int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<JobPage>(HttpMethod.Get, Query("/api/jobs", ("status", status), ("offset", Number(offset)), ("limit", Number(limit))), null, null, cancellationToken);

    /// <summary><c>GET /api/jobs/{id}</c>: one job with its task counts.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    public Task<JobView> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<JobView>(HttpMethod.Get, $"/api/jobs/{Segment(id)}", null, null, cancellationToken);

    /// <summary><c>GET /api/jobs/{id}/result</c>: the merged result of a completed job (a JSON object with a <c>kind</c>).</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ApiProblemException">404, or 409 <c>job-running</c> / <c>job-failed</c>.</exception>
    public Task<JsonElement> GetJobResultAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<JsonElement>(HttpMethod.Get, $"/api/jobs/{Segment(id)}/result", null, null, cancellationToken);

    /// <summary><c>GET /api/jobs/{id}/image.png</c>: the PNG of a completed wasm-map job with an image layout.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The PNG bytes.</returns>
    public Task<byte[]> GetJobImageAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(HttpMethod.Get, $"/api/jobs/{Segment(id)}/image.png", null, null, (r, t) => r.Content.ReadAsByteArrayAsync(t), cancellationToken);

    /// <summary><c>GET /api/jobs/{id}/tasks</c>: one page of a job's tasks with their results and how each run ended.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="status"><c>open</c>, <c>verified</c>, <c>failed</c> or <c>cancelled</c>; every task when null.</param>
    /// <param name="offset">Tasks to skip.</param>
    /// <param name="limit">Page size (1 to 200; 50 when null).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    public Task<JobTaskPage> ListJobTasksAsync(string id, string? status = null, int? offset = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<JobTaskPage>(HttpMethod.Get, Query($"/api/jobs/{Segment(id)}/tasks", ("status", status), ("offset", Number(offset)), ("limit", Number(limit))),
            null, null, cancellationToken);

    /// <summary>Every task of a job (or of one status), page after page.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="status"><c>open</c>, <c>verified</c>, <c>failed</c> or <c>cancelled</c>; every task when null.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The tasks by index.</returns>
    public async Task<IReadOnlyList<JobTaskView>> ListAllJobTasksAsync(string id, string? status = null, CancellationToken cancellationToken = default)
    {
        var tasks = new List<JobTaskView>();
        int? offset = 0;
        while (offset is { } start)
        {
            var page = await ListJobTasksAsync(id, status, start, 200, cancellationToken).ConfigureAwait(false);
            tasks.AddRange(page.Items);
            offset = page.Next;
        }

        return tasks;
    }

    /// <summary>
    /// <c>DELETE /api/jobs/{id}</c>: cancels a running job (the submitter's token or the operator's). Work verified before
    /// the cancel is paid, the rest of the fee refunded. Safe to retry: a repeat answers with the same split.
    /// </summary>
    /// <param name="id">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The split of the fee.</returns>
    /// <exception cref="ApiProblemException">403 (not the submitter), 404, or 409 <c>job-finished</c>.</exception>
    public Task<JobCancelled> CancelJobAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.SendJsonAsync<JobCancelled>(HttpMethod.Delete, $"/api/jobs/{Segment(id)}", null, new ApiCall(), cancellationToken);

    /// <summary>Asks after a job every <paramref name="pollInterval"/> until it completes, fails or is cancelled.</summary>
    /// <param name="id">The job id.</param>
    /// <param name="pollInterval">How often to ask.</param>
    /// <param name="progress">Told each answer (task counts move as tasks are verified).</param>
    /// <param name="cancellationToken">Stops waiting (the job goes on).</param>
    /// <returns>The job, completed or failed.</returns>
    public async Task<JobView> WaitForJobAsync(string id, TimeSpan pollInterval, IProgress<JobView>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        while (true)
        {
            var job = await GetJobAsync(id, cancellationToken).ConfigureAwait(false);
            progress?.Report(job);
            if (JobStatuses.IsFinal(job.Status))
            {
                return job;
            }

            await Task.Delay(pollInterval, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }
}
