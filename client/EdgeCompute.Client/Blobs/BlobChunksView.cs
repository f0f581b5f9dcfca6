namespace EdgeCompute.Client.Blobs;

/// <summary>A blob's chunk list.</summary>
/// <param name="Sha256">The blob's SHA-256.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="ChunkBytes">The chunk size (1,048,576; the last chunk may be shorter).</param>
/// <param name="Chunks">The SHA-256 (hex) of each chunk, in order.</param>
public sealed record BlobChunksView(string Sha256, long Size, int ChunkBytes, IReadOnlyList<string> Chunks);
