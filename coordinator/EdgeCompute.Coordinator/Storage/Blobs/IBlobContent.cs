namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>Where blob bytes live: files named by hash in a folder (<see cref="FolderBlobContent"/>) or rows in PostgreSQL (<see cref="PostgresBlobContent"/>).</summary>
internal interface IBlobContent
{
    /// <summary>Stores a staged blob under its hash (storing one that is there already changes nothing).</summary>
    Task StoreAsync(StagedBlob staged, CancellationToken cancellationToken);

    /// <summary>Reads <paramref name="length"/> bytes from <paramref name="offset"/>, or null when the blob's bytes are not stored.</summary>
    Task<byte[]?> ReadAsync(string sha256, long offset, int length, CancellationToken cancellationToken);

    /// <summary>Deletes a blob's bytes (deleting a missing blob changes nothing).</summary>
    Task DeleteAsync(string sha256, CancellationToken cancellationToken);
}
