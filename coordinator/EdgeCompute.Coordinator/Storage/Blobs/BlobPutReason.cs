namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>How an upload ended.</summary>
public enum BlobPutReason
{
    /// <summary>Stored, and now held by the uploader (201).</summary>
    Stored = 1,

    /// <summary>The uploader already held it; nothing changed (200).</summary>
    AlreadyHeld = 2,

    /// <summary>The bytes' SHA-256 is not the hash they were sent under (400 <c>hash-mismatch</c>).</summary>
    HashMismatch = 3,

    /// <summary>Longer than the largest blob (413 <c>too-large</c>).</summary>
    TooLarge = 4,

    /// <summary>Holding it would take the owner past the quota (409 <c>quota-exceeded</c>).</summary>
    QuotaExceeded = 5,
}
