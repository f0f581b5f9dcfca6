namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>
/// Blob bytes as files in a folder beside the SQLite stores, named by hash under a two-character fan-out
/// (<c>blobs/ab/abcd…</c>). A staged file, already flushed to disk, is renamed into place, so a reader sees a whole blob or none.
/// </summary>
/// <param name="folder">The blob folder.</param>
internal sealed class FolderBlobContent(string folder) : IBlobContent
{
    /// <inheritdoc />
    public Task StoreAsync(StagedBlob staged, CancellationToken cancellationToken)
    {
        var path = PathOf(staged.Manifest.Sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(staged.Path, path, overwrite: true); // same content under the same name: replacing it is harmless
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<byte[]?> ReadAsync(string sha256, long offset, int length, CancellationToken cancellationToken)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        file.Position = offset;
        var bytes = new byte[length];
        await file.ReadExactlyAsync(bytes, cancellationToken).ConfigureAwait(false);
        return bytes;
    }

    /// <inheritdoc />
    public Task DeleteAsync(string sha256, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(sha256));
        return Task.CompletedTask;
    }

    private string PathOf(string sha256) => Path.Combine(folder, sha256[..2], sha256);
}
