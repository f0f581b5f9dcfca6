using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Blobs;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>Jobs' references, their release, and collection of what nobody holds.</summary>
public sealed partial class BlobStore
{
    /// <inheritdoc />
    public async Task<BlobReferenceResult> ReferenceAsync(string jobId, string owner, IReadOnlyCollection<string> hashes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(hashes);
        foreach (var hash in hashes)
        {
            Hash(hash);
        }

        await using var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var now = NowMs;
        foreach (var hash in hashes.Distinct(StringComparer.Ordinal))
        {
            // Held by this owner: as an upload, or through another of their jobs (whose holding a release may have ended).
            var size = await BlobDatabase.QueryAsync(connection, transaction,
                "SELECT size FROM blob_holdings WHERE owner = @o AND sha256 = @h " +
                "UNION ALL SELECT b.size FROM blob_job_refs r JOIN blob_objects b ON b.sha256 = r.sha256 WHERE r.owner = @o AND r.sha256 = @h",
                r => r.GetInt64(0), cancellationToken, ("o", owner), ("h", hash)).ConfigureAwait(false);
            if (size.Count == 0)
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                return new BlobReferenceResult(new Dictionary<string, long>(), hash);
            }

            sizes[hash] = size[0];
            await BlobDatabase.ExecuteAsync(connection, transaction,
                "INSERT INTO blob_job_refs (job_id, owner, sha256, referenced_ms, release_ms) VALUES (@j, @o, @h, @now, NULL) ON CONFLICT (job_id, sha256) DO NOTHING",
                cancellationToken, ("j", jobId), ("o", owner), ("h", hash), ("now", now)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new BlobReferenceResult(sizes, null);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BlobJobReference>> ReadUnscheduledJobsAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await BlobDatabase.QueryAsync(connection, null,
            "SELECT job_id, MIN(referenced_ms) FROM blob_job_refs WHERE release_ms IS NULL GROUP BY job_id ORDER BY MIN(referenced_ms), job_id LIMIT @l",
            r => new BlobJobReference(r.GetString(0), r.GetInt64(1)), cancellationToken, ("l", (long)limit)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> ScheduleReleaseAsync(string jobId, long releaseMs, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        await using var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return await BlobDatabase.ExecuteAsync(connection, null, "UPDATE blob_job_refs SET release_ms = @r WHERE job_id = @j AND release_ms IS NULL", cancellationToken,
            ("r", releaseMs), ("j", jobId)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<int> ReleaseDueAsync(long nowMs, CancellationToken cancellationToken = default) =>
        WriteAsync(async (connection, transaction) =>
        {
            var released = await DropHoldingsAsync(connection, transaction,
                "SELECT DISTINCT h.owner, h.sha256, h.size FROM blob_holdings h JOIN blob_job_refs r ON r.owner = h.owner AND r.sha256 = h.sha256 " +
                "WHERE r.release_ms <= @now AND NOT EXISTS (SELECT 1 FROM blob_job_refs o WHERE o.owner = h.owner AND o.sha256 = h.sha256 " +
                "AND (o.release_ms IS NULL OR o.release_ms > @now))", nowMs, cancellationToken).ConfigureAwait(false);
            await BlobDatabase.ExecuteAsync(connection, transaction, "DELETE FROM blob_job_refs WHERE release_ms <= @now", cancellationToken, ("now", nowMs))
                .ConfigureAwait(false);
            return released;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> CollectOrphansAsync(long heldBeforeMs, CancellationToken cancellationToken = default) =>
        WriteAsync((connection, transaction) => DropHoldingsAsync(connection, transaction,
            "SELECT h.owner, h.sha256, h.size FROM blob_holdings h WHERE h.held_ms < @now " +
            "AND NOT EXISTS (SELECT 1 FROM blob_job_refs r WHERE r.owner = h.owner AND r.sha256 = h.sha256)", heldBeforeMs, cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async Task<int> DeleteUnheldAsync(long storedBeforeMs, CancellationToken cancellationToken = default)
    {
        const string Unheld = "stored_ms < @cut AND NOT EXISTS (SELECT 1 FROM blob_holdings h WHERE h.sha256 = blob_objects.sha256) " +
            "AND NOT EXISTS (SELECT 1 FROM blob_job_refs r WHERE r.sha256 = blob_objects.sha256)";
        await using var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var candidates = await BlobDatabase.QueryAsync(connection, null, $"SELECT sha256 FROM blob_objects WHERE {Unheld}", r => r.GetString(0), cancellationToken,
            ("cut", storedBeforeMs)).ConfigureAwait(false);
        var deleted = 0;
        foreach (var hash in candidates)
        {
            // The row goes first and only while still unheld and untouched; its bytes only when this delete took it.
            if (await BlobDatabase.ExecuteAsync(connection, null, $"DELETE FROM blob_objects WHERE sha256 = @h AND {Unheld}", cancellationToken,
                    ("h", hash), ("cut", storedBeforeMs)).ConfigureAwait(false) == 1)
            {
                await _content.DeleteAsync(hash, cancellationToken).ConfigureAwait(false);
                deleted++;
            }
        }

        return deleted;
    }

    /// <summary>Deletes the holdings <paramref name="select"/> lists (owner, hash, size; parameter <c>@now</c>) and takes their sizes off their owners' use.</summary>
    private static async Task<int> DropHoldingsAsync(DbConnection connection, DbTransaction transaction, string select, long now, CancellationToken cancellationToken)
    {
        var holdings = await BlobDatabase.QueryAsync(connection, transaction, select, r => (Owner: r.GetString(0), Hash: r.GetString(1), Size: r.GetInt64(2)),
            cancellationToken, ("now", now)).ConfigureAwait(false);
        var dropped = 0;
        foreach (var (owner, hash, size) in holdings)
        {
            if (await BlobDatabase.ExecuteAsync(connection, transaction, "DELETE FROM blob_holdings WHERE owner = @o AND sha256 = @h", cancellationToken,
                    ("o", owner), ("h", hash)).ConfigureAwait(false) == 1)
            {
                await BlobDatabase.ExecuteAsync(connection, transaction, "UPDATE blob_usage SET used_bytes = used_bytes - @s WHERE owner = @o", cancellationToken,
                    ("s", size), ("o", owner)).ConfigureAwait(false);
                dropped++;
            }
        }

        return dropped;
    }
}
