namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>The outcome of fetching one blob.</summary>
/// <param name="Hash">The blob's SHA-256 (lowercase hex).</param>
/// <param name="ReasonCode">How the fetch ended.</param>
/// <param name="Path">The verified file (in the cache's <c>partial</c> folder, for the caller to move); empty on failure.</param>
/// <param name="Size">The blob's size in bytes (0 when unknown).</param>
/// <param name="ChunksFetched">Chunks downloaded and verified by this fetch (not those found on disk).</param>
/// <param name="ChunksResumed">Chunks found on disk from an earlier fetch and verified again.</param>
/// <param name="Message">What went wrong, naming the hash; empty on success.</param>
public sealed record BlobFetchResult(string Hash, BlobFetchReasonCode ReasonCode, string Path, long Size, int ChunksFetched, int ChunksResumed, string Message)
{
    /// <summary>Whether the blob is on disk and verified.</summary>
    public bool IsSuccess => ReasonCode == BlobFetchReasonCode.Ok;

    internal static BlobFetchResult Failed(string hash, BlobFetchReasonCode reason, string message, long size = 0, int fetched = 0, int resumed = 0) =>
        new(hash, reason, string.Empty, size, fetched, resumed, message);
}
