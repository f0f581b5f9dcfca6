namespace EdgeCompute.Protocol.Batches;

/// <summary>
/// A gateway task output that went to the coordinator's blob store instead of into its batch item (item kind 7): named
/// by SHA-256, with its size. The gateway uploads it before it queues the item, so the batch signature covers the hash
/// of bytes the coordinator already holds.
/// </summary>
/// <param name="Sha256">The output's SHA-256, 64 lowercase hex characters.</param>
/// <param name="Size">Its length in bytes, 1 to <see cref="GatewayTaskResultItem.MaxBlobOutputBytes"/>.</param>
public sealed record GatewayTaskOutputBlob(string Sha256, ulong Size)
{
    /// <summary>Whether <paramref name="sha256"/> is 64 lowercase hex characters.</summary>
    /// <param name="sha256">The text.</param>
    /// <returns>Whether it names a blob.</returns>
    public static bool IsHash(string? sha256) => sha256 is { Length: 64 } && sha256.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
