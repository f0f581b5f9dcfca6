using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Blobs;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>Streams an upload into a temporary file once, hashing the whole and each chunk as it goes; stops past the size limit.</summary>
internal sealed class BlobStaging
{
    private const int ReadBytes = 81_920;
    private readonly string _folder;

    /// <summary>Creates the staging area (the folder is created, and emptied of what a previous run left).</summary>
    /// <param name="folder">Where temporary files go (for the folder store, on the same file system as the blobs so a rename moves them).</param>
    public BlobStaging(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        foreach (var leftover in Directory.EnumerateFiles(folder, "*.part"))
        {
            try
            {
                File.Delete(leftover);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Reads <paramref name="content"/> to its end into a temporary file, flushed to disk.</summary>
    /// <param name="content">The bytes.</param>
    /// <param name="maxBytes">The most bytes accepted.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The staged blob, or null when the content is longer than <paramref name="maxBytes"/> (nothing is kept).</returns>
    public async Task<StagedBlob?> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.part");
        var chunks = new List<string>();
        using var whole = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var chunk = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ReadBytes];
        long size = 0;
        var inChunk = 0;
        var kept = false;
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (size + read > maxBytes)
                    {
                        return null;
                    }

                    size += read;
                    whole.AppendData(buffer, 0, read);
                    for (var offset = 0; offset < read;)
                    {
                        var take = Math.Min(read - offset, BlobLimits.ChunkBytes - inChunk);
                        chunk.AppendData(buffer, offset, take);
                        inChunk += take;
                        offset += take;
                        if (inChunk == BlobLimits.ChunkBytes)
                        {
                            chunks.Add(Convert.ToHexStringLower(chunk.GetHashAndReset()));
                            inChunk = 0;
                        }
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }

                if (inChunk > 0)
                {
                    chunks.Add(Convert.ToHexStringLower(chunk.GetHashAndReset()));
                }

                file.Flush(flushToDisk: true); // fsync before the rename makes it visible under its hash
            }

            kept = true;
            return new StagedBlob(path, new BlobManifest(Convert.ToHexStringLower(whole.GetHashAndReset()), size, chunks));
        }
        finally
        {
            if (!kept)
            {
                File.Delete(path);
            }
        }
    }
}
