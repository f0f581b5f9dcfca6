namespace EdgeCompute.Coordinator.Domain.Blobs;

/// <summary>A stored blob: its hash, size and the SHA-256 of each <see cref="BlobLimits.ChunkBytes"/> chunk, in order.</summary>
/// <param name="Sha256">The blob's hash (hex).</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Chunks">The hash (hex) of each chunk; the last chunk may be shorter.</param>
public sealed record BlobManifest(string Sha256, long Size, IReadOnlyList<string> Chunks)
{
    /// <summary>The chunk hashes packed as 32 bytes each, as stored.</summary>
    /// <returns>The packed hashes.</returns>
    public byte[] PackChunks()
    {
        var packed = new byte[Chunks.Count * 32];
        for (var i = 0; i < Chunks.Count; i++)
        {
            BlobHash.ToBytes(Chunks[i]).CopyTo(packed, i * 32);
        }

        return packed;
    }

    /// <summary>Reads packed chunk hashes back (see <see cref="PackChunks"/>).</summary>
    /// <param name="sha256">The blob's hash.</param>
    /// <param name="size">Its size.</param>
    /// <param name="packed">32 bytes per chunk.</param>
    /// <returns>The manifest.</returns>
    public static BlobManifest Unpack(string sha256, long size, byte[] packed)
    {
        ArgumentNullException.ThrowIfNull(packed);
        var chunks = new string[packed.Length / 32];
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = Convert.ToHexStringLower(packed.AsSpan(i * 32, 32));
        }

        return new BlobManifest(sha256, size, chunks);
    }
}
