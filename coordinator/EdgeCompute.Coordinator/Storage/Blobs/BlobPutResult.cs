using EdgeCompute.Coordinator.Domain.Blobs;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>The outcome of <see cref="IBlobStore.PutAsync"/>.</summary>
/// <param name="Reason">What happened.</param>
/// <param name="Manifest">The blob's manifest when stored or already held; what was received (its real hash) on a mismatch; null otherwise.</param>
/// <param name="UsedBytes">The owner's held bytes after the upload (for <see cref="BlobPutReason.QuotaExceeded"/>: before it).</param>
/// <param name="Detail">One line for the caller.</param>
public sealed record BlobPutResult(BlobPutReason Reason, BlobManifest? Manifest, long UsedBytes, string Detail)
{
    /// <summary>Gets whether the owner holds the blob now.</summary>
    public bool IsHeld => Reason is BlobPutReason.Stored or BlobPutReason.AlreadyHeld;
}
