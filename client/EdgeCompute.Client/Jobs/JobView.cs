namespace EdgeCompute.Client.Jobs;

/// <summary>A job.</summary>
/// <param name="Id">The job id.</param>
/// <param name="Kind">The job kind (<c>pow</c>, <c>montecarlo-pi</c>, <c>primes</c>, <c>wasm-map</c>, <c>sensor-query</c>).</param>
/// <param name="Submitter">The owner who pays.</param>
/// <param name="Fee">The escrow, micro-units: the job's quote (the most it can cost), or an older job's flat fee.</param>
/// <param name="Status"><c>running</c>, <c>waiting for nodes</c>, <c>completed</c> or <c>failed</c> (see <see cref="JobStatuses"/>).</param>
/// <param name="Created">When it was accepted.</param>
/// <param name="Finished">When it completed or failed; null while running.</param>
/// <param name="Detail">A line for people.</param>
/// <param name="Tasks">Its tasks by status (only when one job is asked for).</param>
/// <param name="Waiting">Why it waits for nodes (only with <see cref="JobStatuses.WaitingForNodes"/>).</param>
/// <param name="Rate">The job's rate, micro-units per million cost units per replica (absent for an older flat-fee job).</param>
/// <param name="Charged">What the finished job is charged, micro-units; null while it runs.</param>
/// <param name="Refunded">What went back to the submitter, micro-units; null while it runs.</param>
public sealed record JobView(string Id, string Kind, string Submitter, long Fee, string Status, DateTimeOffset Created, DateTimeOffset? Finished, string Detail,
    JobTaskCounts? Tasks = null, string? Waiting = null, long? Rate = null, long? Charged = null, long? Refunded = null);
