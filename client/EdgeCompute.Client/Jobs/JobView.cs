namespace EdgeCompute.Client.Jobs;

/// <summary>A job.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Kind">The job kind (<c>pow</c>, <c>montecarlo-pi</c>, <c>primes</c>, <c>wasm-map</c>, <c>sensor-query</c>).</param>
/// <param name="Submitter">The owner who paid the fee.</param>
/// <param name="Fee">The fee, micro-units.</param>
/// <param name="Status"><c>running</c>, <c>waiting for nodes</c>, <c>completed</c> or <c>failed</c> (see <see cref="JobStatuses"/>).</param>
/// <param name="Created">When it was accepted.</param>
/// <param name="Finished">When it completed or failed; null while running.</param>
/// <param name="Detail">A line for people.</param>
/// <param name="Tasks">Its tasks by status (only when one job is asked for).</param>
/// <param name="Waiting">Why it waits for nodes (only with <see cref="JobStatuses.WaitingForNodes"/>).</param>
public sealed record JobView(string Id, string Kind, string Submitter, long Fee, string Status, DateTimeOffset Created, DateTimeOffset? Finished, string Detail,
    JobTaskCounts? Tasks = null, string? Waiting = null);
