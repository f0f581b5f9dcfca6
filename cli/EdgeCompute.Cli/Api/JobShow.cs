using System.Globalization;
using System.Text.Json;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Client.Jobs;

namespace EdgeCompute.Cli.Api;

/// <summary>
/// <c>edgecompute jobs ID</c>: one job for a person (its counts, detail and the failed tasks with how each run ended and
/// why), or for a script (<c>--json</c>). <c>--tasks</c> lists every task.
/// </summary>
internal static class JobShow
{
    /// <summary>The failed tasks shown under a job without <c>--tasks</c>.</summary>
    public const int FailuresShown = 20;

    /// <summary>Prints one job.</summary>
    /// <param name="session">The API session.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="json">Print JSON.</param>
    /// <param name="allTasks">List every task.</param>
    /// <param name="o">Standard output.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> PrintAsync(ApiSession session, string jobId, bool json, bool allTasks, TextWriter o, CancellationToken cancellationToken)
    {
        var j = await session.CallAsync(c => c.GetJobAsync(jobId, cancellationToken)).ConfigureAwait(false);
        var tasks = allTasks
            ? await session.CallAsync(c => c.ListAllJobTasksAsync(jobId, null, cancellationToken)).ConfigureAwait(false)
            : (await session.CallAsync(c => c.ListJobTasksAsync(jobId, "failed", 0, FailuresShown, cancellationToken)).ConfigureAwait(false)).Items;
        if (json)
        {
            await o.WriteLineAsync(JsonSerializer.Serialize(new { job = j, tasks }, ApiJson.Indented)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        await o.WriteLineAsync($"Job {j.Id} ({j.Kind}): {j.Status}").ConfigureAwait(false);
        await o.WriteLineAsync($"  submitter  {j.Submitter}, escrowed {j.Fee}{(j.Rate is { } rate ? $" at {rate} per million units" : " (flat fee)")}" +
            (j.Charged is { } charged ? $"; charged {charged}, refunded {j.Refunded}" : "")).ConfigureAwait(false);
        await o.WriteLineAsync($"  created    {Iso(j.Created)}; finished {(j.Finished is { } finished ? Iso(finished) : "-")}").ConfigureAwait(false);
        if (j.Tasks is { } t)
        {
            await o.WriteLineAsync($"  tasks      {t.Total}: {t.Verified} verified, {t.Open} open, {t.Failed} failed{(t.Cancelled > 0 ? $", {t.Cancelled} cancelled" : "")}")
                .ConfigureAwait(false);
        }

        await o.WriteLineAsync($"  detail     {j.Detail}").ConfigureAwait(false);
        if (j.Waiting is { } waiting)
        {
            await o.WriteLineAsync($"  waiting    {waiting}").ConfigureAwait(false);
        }

        if (tasks.Count > 0)
        {
            await o.WriteLineAsync(allTasks ? "  tasks:" : $"  failed tasks{(j.Tasks?.Failed > tasks.Count ? $" (the first {tasks.Count}; --tasks lists all)" : "")}:").ConfigureAwait(false);
            foreach (var task in tasks)
            {
                await o.WriteLineAsync(Line(task)).ConfigureAwait(false);
            }
        }

        return ExitCodes.Ok;
    }

    /// <summary>One task in one line: its index, status, attempts and each node's outcome and verdict with the reason.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The line.</returns>
    public static string Line(JobTaskView task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var results = task.Results.Count == 0 ? "no results"
            : string.Join("; ", task.Results.Select(r => $"{r.Node} {r.Outcome}, {r.Verdict}{(r.Reason.Length > 0 ? $" ({r.Reason})" : "")}"));
        return string.Create(CultureInfo.InvariantCulture, $"    #{task.Index,-5} {task.Status,-9} {task.Attempts} attempts: {results}");
    }

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
