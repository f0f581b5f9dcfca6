using EdgeCompute.Coordinator.Api.Http;
using EdgeCompute.Coordinator.Domain.Work;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace EdgeCompute.Coordinator.Api.Jobs.Tasks;

/// <summary>
/// <c>GET /api/jobs/{id}/tasks?status=&amp;offset=&amp;limit=</c>: a job's tasks by index with every result their nodes
/// returned: who ran it, how the run ended (OutOfFuel, Deadline, MemoryLimit, Trap, Malformed …) and the verdict with
/// its reason. Public, like the job; outputs are never included.
/// </summary>
public static class JobTasksEndpoint
{
    /// <summary>The default page size.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page size.</summary>
    public const int MaxLimit = 200;

    /// <summary>Maps the endpoint.</summary>
    /// <param name="endpoints">The <c>/api</c> group.</param>
    /// <returns>The same builder.</returns>
    public static IEndpointRouteBuilder MapJobTasksEndpoint(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/jobs/{id}/tasks", ListAsync).WithName("ListJobTasks")
            .WithSummary("A job's tasks with their results: who ran each, how it ended and the verdict's reason")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    /// <summary>Lists a job's tasks.</summary>
    /// <param name="api">The API services.</param>
    /// <param name="id">The job id.</param>
    /// <param name="status"><c>open</c>, <c>verified</c>, <c>failed</c> or <c>cancelled</c>; every task when absent.</param>
    /// <param name="offset">Tasks to skip (default 0).</param>
    /// <param name="limit">Page size (default 50, at most 200).</param>
    /// <param name="cancellationToken">The request's cancellation.</param>
    /// <returns>200 with the page, 400 for a bad parameter, 404 for an unknown job.</returns>
    public static async Task<Results<Ok<JobTaskPage>, ProblemHttpResult>> ListAsync(CoordinatorApiServices api, string id, string? status, string? offset, string? limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        WorkTaskStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!JobTaskNames.TryParseStatus(status, out var parsed))
            {
                return ApiProblems.BadRequest("status", $"status must be open, verified, failed or cancelled, got \"{ApiQuery.Clip(status)}\"");
            }

            wanted = parsed;
        }

        if (ApiQuery.Int("offset", offset, 0, 0, int.MaxValue, out var skip) is { } badOffset)
        {
            return badOffset;
        }

        if (ApiQuery.Int("limit", limit, DefaultLimit, 1, MaxLimit, out var take) is { } badLimit)
        {
            return badLimit;
        }

        if (await JobsEndpoints.FindAsync(api, id, cancellationToken).ConfigureAwait(false) is not { } job)
        {
            return JobsEndpoints.UnknownJob(id);
        }

        var tasks = (await api.WorkStore.ReadTasksAsync(job.JobId, cancellationToken).ConfigureAwait(false))
            .Where(t => wanted is null || t.Status == wanted).ToList();
        var page = tasks.Skip(skip).Take(take).ToList();
        var results = page.Count == 0 ? []
            : await api.WorkStore.ReadResultsAsync(page.Select(t => t.TaskId).ToList(), cancellationToken).ConfigureAwait(false);
        var byTask = results.GroupBy(r => r.TaskId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var items = page.Select(t => new JobTaskView(t.Index, t.TaskId, JobTaskNames.Status(t.Status), t.Attempts,
            t.VerifiedMs is { } verified ? DateTimeOffset.FromUnixTimeMilliseconds(verified) : null,
            byTask.GetValueOrDefault(t.TaskId, []).Select(r => new JobTaskResultView(r.Slot, r.NodeId, JobTaskNames.Outcome(t.Kernel, r.Body),
                JobTaskNames.Verdict(r.Verdict), r.Reason, DateTimeOffset.FromUnixTimeMilliseconds(r.ReceivedMs), JobTaskNames.OutputBlob(t.Kernel, r.Body))).ToList())).ToList();
        var next = skip + page.Count < tasks.Count ? skip + page.Count : (int?)null;
        return TypedResults.Ok(new JobTaskPage(items, tasks.Count, skip, take, next));
    }
}
