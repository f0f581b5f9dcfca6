namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>How a blob fetch ended.</summary>
public enum BlobFetchReasonCode
{
    /// <summary>The blob is on disk and its whole SHA-256 matches its name.</summary>
    Ok = 0,

    /// <summary>The coordinator refused this gateway (403): no open assignment names the hash, or the credentials are wrong.</summary>
    Forbidden = 1,

    /// <summary>The coordinator does not know the hash (404).</summary>
    NotFound = 2,

    /// <summary>A chunk did not match its listed SHA-256 on every attempt.</summary>
    ChunkCorrupted = 3,

    /// <summary>Every chunk matched its listed hash but the whole blob did not match its name; the partial file was deleted.</summary>
    HashMismatch = 4,

    /// <summary>The blob is larger than its limit, or not the size the assignment announced.</summary>
    SizeMismatch = 5,

    /// <summary>The chunk list is not what the contract says (another hash, a wrong chunk count, a malformed chunk hash).</summary>
    BadChunkList = 6,

    /// <summary>The coordinator could not be reached, timed out or answered 5xx or 416 on every attempt.</summary>
    Unavailable = 7,

    /// <summary>The disk under the cache refused the write.</summary>
    DiskError = 8,

    /// <summary>The fetch was cancelled (the gateway is stopping or the task was withdrawn).</summary>
    Cancelled = 9,
}
