namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>A job as stored.</summary>
/// <param name="JobId">The job id (protocol id rules).</param>
/// <param name="Kind">The job kind name (<c>pow</c>, <c>montecarlo-pi</c>, <c>primes</c>, <c>wasm-map</c>, <c>sensor-query</c>).</param>
/// <param name="SpecJson">The job spec as JSON (the domain's job spec codec).</param>
/// <param name="Submitter">The submitter's owner id (the account that paid the fee).</param>
/// <param name="Fee">The fee escrowed, in micro-units.</param>
/// <param name="Status">Where the job is.</param>
/// <param name="ResultJson">The merged result as JSON once completed; null before.</param>
/// <param name="CreatedMs">When it was accepted, ms since the Unix epoch.</param>
/// <param name="FinishedMs">When it completed or failed; null while running.</param>
/// <param name="Detail">A line for people (why it failed, what it found).</param>
public sealed record JobRecord(string JobId, string Kind, string SpecJson, string Submitter, long Fee, JobStatus Status, string? ResultJson, long CreatedMs, long? FinishedMs, string Detail);
