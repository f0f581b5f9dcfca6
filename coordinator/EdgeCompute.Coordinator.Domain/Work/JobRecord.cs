namespace EdgeCompute.Coordinator.Domain.Work;

/// <summary>A job as stored.</summary>
/// <param name="JobId">The job id (protocol id rules).</param>
/// <param name="Kind">The job kind name (<c>pow</c>, <c>montecarlo-pi</c>, <c>primes</c>, <c>wasm-map</c>, <c>sensor-query</c>).</param>
/// <param name="SpecJson">The job spec as JSON (the domain's job spec codec).</param>
/// <param name="Submitter">The submitter's owner id (the account that paid the fee).</param>
/// <param name="Fee">The escrow, in micro-units: a priced job's quote (the most it can cost), or an older job's flat fee.</param>
/// <param name="Status">Where the job is.</param>
/// <param name="ResultJson">The merged result as JSON once completed; null before.</param>
/// <param name="CreatedMs">When it was accepted, ms since the Unix epoch.</param>
/// <param name="FinishedMs">When it completed or failed; null while running.</param>
/// <param name="Detail">A line for people (why it failed, what it found).</param>
public sealed record JobRecord(string JobId, string Kind, string SpecJson, string Submitter, long Fee, JobStatus Status, string? ResultJson, long CreatedMs, long? FinishedMs, string Detail)
{
    /// <summary>
    /// Gets the job's rate, micro-units per million cost units per replica, from the price list in force when it was
    /// accepted; null for a job accepted before jobs were priced (its fee is flat: settled whole or refunded whole).
    /// </summary>
    public long? PriceRate { get; init; }

    /// <summary>Gets the job's storage charge, micro-units (null with <see cref="PriceRate"/>).</summary>
    public long? PriceStorage { get; init; }

    /// <summary>
    /// Gets the cost units the job is charged for, fixed when it finishes (the credited results of its tasks and the
    /// failures confirmed as its module's fault); null while it runs, and for a job accepted before jobs were priced.
    /// </summary>
    public long? ChargedUnits { get; init; }

    /// <summary>Gets whether the job is priced by its work (<see cref="PriceRate"/> set) rather than a flat fee.</summary>
    public bool IsPriced => PriceRate is not null && PriceStorage is not null;
}
