namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>The outcome of <see cref="IBlobStore.ReferenceAsync"/>: the sizes of the named blobs, or the first one the owner does not hold.</summary>
/// <param name="Sizes">Each named hash's size (empty when refused).</param>
/// <param name="MissingHash">The first named hash the owner does not hold (nothing was referenced), or null.</param>
public sealed record BlobReferenceResult(IReadOnlyDictionary<string, long> Sizes, string? MissingHash)
{
    /// <summary>Gets whether every hash was held and is now referenced by the job.</summary>
    public bool IsSuccess => MissingHash is null;
}
