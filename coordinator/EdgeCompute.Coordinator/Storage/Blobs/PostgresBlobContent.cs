using EdgeCompute.Coordinator.Domain.Blobs;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>Blob bytes in PostgreSQL, one row per <see cref="BlobLimits.ChunkBytes"/> chunk (<c>blob_chunks</c>), so every replica reads the same bytes and a range reads only its chunks.</summary>
/// <param name="database">The database.</param>
internal sealed class PostgresBlobContent(BlobDatabase database) : IBlobContent
{
    /// <inheritdoc />
    public async Task StoreAsync(StagedBlob staged, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var file = new FileStream(staged.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var buffer = new byte[BlobLimits.ChunkBytes];
        for (var index = 0; ; index++)
        {
            var read = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            await BlobDatabase.ExecuteAsync(connection, transaction,
                "INSERT INTO blob_chunks (sha256, idx, bytes) VALUES (@h, @i, @b) ON CONFLICT (sha256, idx) DO NOTHING", cancellationToken,
                ("h", staged.Manifest.Sha256), ("i", index), ("b", buffer.AsSpan(0, read).ToArray())).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string sha256, long offset, int length, CancellationToken cancellationToken)
    {
        var result = new byte[length];
        if (length == 0)
        {
            return result;
        }

        var first = (int)(offset / BlobLimits.ChunkBytes);
        var last = (int)((offset + length - 1) / BlobLimits.ChunkBytes);
        await using var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await BlobDatabase.QueryAsync(connection, null, "SELECT idx, bytes FROM blob_chunks WHERE sha256 = @h AND idx >= @f AND idx <= @l ORDER BY idx",
            r => (Index: r.GetInt32(0), Bytes: (byte[])r.GetValue(1)), cancellationToken, ("h", sha256), ("f", first), ("l", last)).ConfigureAwait(false);
        if (rows.Count != last - first + 1)
        {
            return null;
        }

        var written = 0;
        foreach (var (index, bytes) in rows)
        {
            var chunkStart = (long)index * BlobLimits.ChunkBytes;
            var from = (int)Math.Max(0, offset - chunkStart);
            var take = Math.Min(bytes.Length - from, length - written);
            bytes.AsSpan(from, take).CopyTo(result.AsSpan(written));
            written += take;
        }

        return written == length ? result : null;
    }

    /// <inheritdoc />
    public async Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await BlobDatabase.ExecuteAsync(connection, null, "DELETE FROM blob_chunks WHERE sha256 = @h", cancellationToken, ("h", sha256)).ConfigureAwait(false);
    }
}
