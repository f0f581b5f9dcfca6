namespace EdgeCompute.Coordinator.Api.Blobs;

/// <summary>A blob the caller now holds.</summary>
/// <param name="Sha256">Its SHA-256 (64 lowercase hex).</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record BlobStoredView(string Sha256, long Size);
