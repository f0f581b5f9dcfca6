using EdgeCompute.Coordinator.Domain.Blobs;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>
/// Content-addressed blobs (modules, task inputs): the bytes (a folder of files named by hash beside the SQLite stores,
/// or PostgreSQL), each blob's chunk manifest, which owner holds which hash (deduplicated per owner: a hash counts once
/// against an owner's quota however many jobs use it), and which job names which hash. One implementation,
/// <see cref="BlobStore"/>, over either database; <see cref="BlobSweeper"/> releases and collects.
/// </summary>
public interface IBlobStore : IAsyncDisposable
{
    /// <summary>Reads <paramref name="content"/> once into a temporary file (hashing it and its chunks), checks it against <paramref name="sha256"/>, stores it and makes <paramref name="owner"/> hold it within <paramref name="quotaBytes"/>.</summary>
    /// <param name="owner">The uploader.</param>
    /// <param name="sha256">The hash the bytes were sent under (valid hex).</param>
    /// <param name="content">The bytes, read to their end.</param>
    /// <param name="quotaBytes">The most bytes the owner may hold.</param>
    /// <param name="cancellationToken">Cancels the upload (nothing is kept).</param>
    /// <returns>The outcome with its reason.</returns>
    Task<BlobPutResult> PutAsync(string owner, string sha256, Stream content, long quotaBytes, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="owner"/> holds the blob (uploaded it, or a job of theirs names it). Says nothing about other owners.</summary>
    Task<bool> HoldsAsync(string owner, string sha256, CancellationToken cancellationToken = default);

    /// <summary>The blob's manifest, or null when it is not stored.</summary>
    Task<BlobManifest?> FindAsync(string sha256, CancellationToken cancellationToken = default);

    /// <summary>Reads <paramref name="length"/> bytes of the blob from <paramref name="offset"/> (within its size), or null when it is not stored.</summary>
    Task<byte[]?> ReadAsync(string sha256, long offset, int length, CancellationToken cancellationToken = default);

    /// <summary>The bytes <paramref name="owner"/> holds, each hash once.</summary>
    Task<long> UsedBytesAsync(string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes job <paramref name="jobId"/> of <paramref name="owner"/> name <paramref name="hashes"/>, in one transaction
    /// that first checks the owner holds every one (so a sweep cannot take one away in between). Referencing again is harmless.
    /// </summary>
    /// <returns>The sizes, or the first hash the owner does not hold (and nothing referenced).</returns>
    Task<BlobReferenceResult> ReferenceAsync(string jobId, string owner, IReadOnlyCollection<string> hashes, CancellationToken cancellationToken = default);

    /// <summary>Jobs naming blobs that have no release time yet, longest referenced first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<BlobJobReference>> ReadUnscheduledJobsAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Sets when a job's hold on its blobs ends (its retention).</summary>
    /// <returns>How many references got the time.</returns>
    Task<int> ScheduleReleaseAsync(string jobId, long releaseMs, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends the hold of every job whose release time is at or before <paramref name="nowMs"/>: drops its references and
    /// the owner's holdings of those hashes that no other job of theirs names.
    /// </summary>
    /// <returns>The holdings released.</returns>
    Task<int> ReleaseDueAsync(long nowMs, CancellationToken cancellationToken = default);

    /// <summary>Drops holdings taken before <paramref name="heldBeforeMs"/> that no job of their owner names (uploads never used).</summary>
    /// <returns>The holdings collected.</returns>
    Task<int> CollectOrphansAsync(long heldBeforeMs, CancellationToken cancellationToken = default);

    /// <summary>Deletes the bytes of blobs nobody holds, last stored before <paramref name="storedBeforeMs"/>.</summary>
    /// <returns>The blobs deleted.</returns>
    Task<int> DeleteUnheldAsync(long storedBeforeMs, CancellationToken cancellationToken = default);
}
