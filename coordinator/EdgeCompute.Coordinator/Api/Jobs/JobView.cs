using System.Text.Json.Serialization;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Work;

namespace EdgeCompute.Coordinator.Api.Jobs;

/// <summary>A job as the API shows it.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Kind">The job kind (<c>pow</c>, <c>montecarlo-pi</c>, <c>primes</c>, <c>wasm-map</c>, <c>sensor-query</c>).</param>
/// <param name="Submitter">The owner who pays.</param>
/// <param name="Fee">The escrow, micro-units: a priced job's quote (the most it can cost), or an older job's flat fee.</param>
/// <param name="Status"><c>running</c>, <c>waiting for nodes</c>, <c>completed</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Created">When it was accepted.</param>
/// <param name="Finished">When it completed, failed or was cancelled; null while running.</param>
/// <param name="Detail">A line for people.</param>
/// <param name="Tasks">Its tasks by status (on <c>GET /api/jobs/{id}</c>; left out of lists).</param>
/// <param name="Waiting">Why it waits for nodes, with status <c>waiting for nodes</c>; left out otherwise.</param>
public sealed record JobView(string Id, string Kind, string Submitter, long Fee, string Status, DateTimeOffset Created, DateTimeOffset? Finished, string Detail,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JobTaskCounts? Tasks = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Waiting = null)
{
    /// <summary>Gets the job's rate, micro-units per million cost units per replica; left out for a job with a flat fee.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Rate { get; init; }

    /// <summary>Gets what the finished job is charged, micro-units; left out while it runs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Charged { get; init; }

    /// <summary>Gets what went back to the submitter, micro-units (<see cref="Fee"/> − <see cref="Charged"/>); left out while it runs.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Refunded { get; init; }

    /// <summary>Builds the view of a stored job.</summary>
    /// <param name="job">The job.</param>
    /// <param name="tasks">Its tasks, or null to leave the counts out.</param>
    /// <param name="waiting">Why a running job waits for nodes, or null.</param>
    /// <returns>The view.</returns>
    public static JobView Of(JobRecord job, IReadOnlyList<TaskRecord>? tasks = null, string? waiting = null)
    {
        ArgumentNullException.ThrowIfNull(job);
        var counts = tasks is null ? null : new JobTaskCounts(tasks.Count, tasks.Count(t => t.Status == WorkTaskStatus.Open),
            tasks.Count(t => t.Status == WorkTaskStatus.Verified), tasks.Count(t => t.Status == WorkTaskStatus.Failed),
            tasks.Count(t => t.Status == WorkTaskStatus.Cancelled));
        var status = waiting is not null && job.Status == JobStatus.Running ? JobStatusNames.WaitingForNodes : JobStatusNames.Name(job.Status);
        var charge = job.IsPriced && job.ChargedUnits is not null ? JobCharge.Of(job) : null;
        return new JobView(job.JobId, job.Kind, job.Submitter, job.Fee, status, DateTimeOffset.FromUnixTimeMilliseconds(job.CreatedMs),
            job.FinishedMs is { } finished ? DateTimeOffset.FromUnixTimeMilliseconds(finished) : null, job.Detail, counts, status == JobStatusNames.WaitingForNodes ? waiting : null)
        {
            Rate = job.PriceRate,
            Charged = charge?.Charged,
            Refunded = charge?.Refunded,
        };
    }
}
