namespace EdgeCompute.Coordinator.UseCases;

/// <summary>The outcome of a submission.</summary>
/// <param name="Reason">The reason code.</param>
/// <param name="JobId">The job id when accepted (or when it already existed).</param>
/// <param name="Detail">A line for people.</param>
/// <param name="Field">The offending field of an invalid spec, when known.</param>
public sealed record SubmitResult(SubmitReason Reason, string? JobId, string Detail, string? Field = null)
{
    /// <summary>True when the job was accepted.</summary>
    public bool IsAccepted => Reason == SubmitReason.Accepted;

    /// <summary>Gets the job's quote when accepted (its escrow) or refused for its price or the submitter's funds; null otherwise.</summary>
    public Domain.Pricing.JobQuote? Quote { get; init; }

    /// <summary>Gets the blob a <see cref="SubmitReason.ForeignBlob"/> refusal is about; null otherwise.</summary>
    public string? BlobHash { get; init; }
}
