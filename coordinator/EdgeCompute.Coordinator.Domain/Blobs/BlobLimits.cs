namespace EdgeCompute.Coordinator.Domain.Blobs;

/// <summary>The sizes coordinator and gateways agree on for content-addressed blobs (docs/api.md, "Blobs").</summary>
public static class BlobLimits
{
    /// <summary>The largest module: 8 MiB.</summary>
    public const long MaxModuleBytes = 8L * 1024 * 1024;

    /// <summary>The largest task input: 4 MiB.</summary>
    public const long MaxInputBytes = 4L * 1024 * 1024;

    /// <summary>The largest task output: 4 MiB.</summary>
    public const long MaxOutputBytes = 4L * 1024 * 1024;

    /// <summary>The largest input a <c>wasm.blob</c> assignment carries inline instead of by hash: 1 KiB (it still fits a 2,048-byte assignment).</summary>
    public const int MaxInlineInputBytes = 1024;

    /// <summary>The largest blob of any kind (a module is the largest): what <c>PUT /api/blobs/{sha256}</c> takes.</summary>
    public const long MaxBlobBytes = MaxModuleBytes;

    /// <summary>The most input one job may name: 1 GiB (each distinct input counted once).</summary>
    public const long MaxJobInputBytes = 1L << 30;

    /// <summary>The default per-owner storage quota: 2 GiB, deduplicated.</summary>
    public const long DefaultQuotaBytes = 2L << 30;

    /// <summary>The chunk size of a blob's manifest and of a gateway's ranged fetch: 1 MiB (the last chunk may be shorter).</summary>
    public const int ChunkBytes = 1024 * 1024;

    /// <summary>How many chunks a blob of <paramref name="size"/> bytes has (an empty blob has none).</summary>
    /// <param name="size">The blob's size.</param>
    /// <returns>The chunk count.</returns>
    public static int ChunkCount(long size) => checked((int)((size + ChunkBytes - 1) / ChunkBytes));
}
