using System.Security.Cryptography;

namespace EdgeCompute.Gateway.EdgeTasks.Blobs;

/// <summary>The chunks of a partly fetched blob already on disk (<c>partial/&lt;sha256&gt;</c>).</summary>
internal static class PartialBlob
{
    /// <summary>
    /// Verifies the chunks on disk against the list, in order, and cuts the file after the last good one (a torn
    /// write, a corrupted sector or bytes of another blob go). Returns how many leading chunks are good.
    /// </summary>
    /// <param name="path">The partial file; missing means none.</param>
    /// <param name="list">The blob's chunk list.</param>
    /// <returns>The verified chunks: fetching resumes at this index.</returns>
    public static int VerifyAndTrim(string path, BlobChunkList list)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        var buffer = new byte[Math.Max(1, Math.Min(list.ChunkBytes, (int)Math.Min(list.Size, int.MaxValue)))];
        var verified = 0;
        while (verified < list.Chunks.Count && list.Offset(verified) + list.Length(verified) <= file.Length)
        {
            var length = list.Length(verified);
            file.Position = list.Offset(verified);
            file.ReadExactly(buffer, 0, length);
            if (Convert.ToHexStringLower(SHA256.HashData(buffer.AsSpan(0, length))) != list.Chunks[verified])
            {
                break;
            }

            verified++;
        }

        var keep = verified == list.Chunks.Count ? list.Size : list.Offset(verified);
        if (file.Length != keep)
        {
            file.SetLength(keep);
            file.Flush(flushToDisk: true);
        }

        return verified;
    }
}
