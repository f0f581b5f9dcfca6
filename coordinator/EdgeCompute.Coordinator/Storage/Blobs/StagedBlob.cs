using EdgeCompute.Coordinator.Domain.Blobs;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>
/// An upload written once to a temporary file (flushed to disk) while its SHA-256 and chunk hashes were computed; the
/// content store takes the file from here (a rename for the folder store). Disposing deletes the file if it is still there.
/// </summary>
internal sealed class StagedBlob : IDisposable
{
    /// <summary>Creates the staged blob.</summary>
    public StagedBlob(string path, BlobManifest manifest)
    {
        Path = path;
        Manifest = manifest;
    }

    /// <summary>Gets the temporary file.</summary>
    public string Path { get; }

    /// <summary>Gets the computed hash, size and chunk hashes.</summary>
    public BlobManifest Manifest { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // a leftover temporary file is harmless: the staging folder is emptied at open
        }
    }
}
