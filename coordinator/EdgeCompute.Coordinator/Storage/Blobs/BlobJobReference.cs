namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>A job that names blobs and has no release time yet.</summary>
/// <param name="JobId">The job.</param>
/// <param name="ReferencedMs">When it first referenced them.</param>
public sealed record BlobJobReference(string JobId, long ReferencedMs);
