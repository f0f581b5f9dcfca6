namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>A blob's bytes for a task, verified against its SHA-256, or why there are none.</summary>
/// <param name="Hash">The blob's SHA-256.</param>
/// <param name="ReasonCode">How getting it ended.</param>
/// <param name="Bytes">The bytes; empty unless <see cref="IsSuccess"/>.</param>
/// <param name="FromCache">True when the bytes came from the disk cache without a fetch.</param>
/// <param name="Message">What went wrong; empty on success.</param>
public sealed record BlobRead(string Hash, BlobFetchReasonCode ReasonCode, ReadOnlyMemory<byte> Bytes, bool FromCache, string Message)
{
    /// <summary>Whether the bytes are here and verified.</summary>
    public bool IsSuccess => ReasonCode == BlobFetchReasonCode.Ok;
}
