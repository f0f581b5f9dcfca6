using System.Data.Common;
using EdgeCompute.Coordinator.Domain.Blobs;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>
/// The one <see cref="IBlobStore"/>: the same code over SQLite (bytes as files, <see cref="SqliteBlobStore"/>) or
/// PostgreSQL (bytes as chunk rows, <see cref="PostgresBlobStore"/>). An upload is staged once to a temporary file while
/// it is hashed, then its bytes are stored before its <c>blob_objects</c> row, and the holding (with the quota's
/// compare-and-set on <c>blob_usage</c>) is one transaction, so a holding always names stored bytes.
/// </summary>
public sealed partial class BlobStore : IBlobStore
{
    private readonly BlobDatabase _database;
    private readonly IBlobContent _content;
    private readonly BlobStaging _staging;
    private readonly TimeProvider _time;

    internal BlobStore(BlobDatabase database, IBlobContent content, string stagingFolder, TimeProvider time)
    {
        _database = database;
        _content = content;
        _staging = new BlobStaging(stagingFolder);
        _time = time;
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <inheritdoc />
    public async Task<BlobPutResult> PutAsync(string owner, string sha256, Stream content, long quotaBytes, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentNullException.ThrowIfNull(content);
        Hash(sha256);
        using var staged = await _staging.StageAsync(content, BlobLimits.MaxBlobBytes, cancellationToken).ConfigureAwait(false);
        if (staged is null)
        {
            return new BlobPutResult(BlobPutReason.TooLarge, null, 0, $"a blob is at most {BlobLimits.MaxBlobBytes:N0} bytes");
        }

        var manifest = staged.Manifest;
        if (!string.Equals(manifest.Sha256, sha256, StringComparison.Ordinal))
        {
            return new BlobPutResult(BlobPutReason.HashMismatch, manifest, 0, $"the body's SHA-256 is {manifest.Sha256}, not {sha256} ({manifest.Size:N0} bytes received)");
        }

        await StoreObjectAsync(staged, cancellationToken).ConfigureAwait(false);
        return await HoldAsync(owner, manifest, quotaBytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores the bytes and then the manifest row, unless the row is there (then only its time is refreshed, so no sweep takes it meanwhile).</summary>
    private async Task StoreObjectAsync(StagedBlob staged, CancellationToken cancellationToken)
    {
        var manifest = staged.Manifest;
        await using var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        if (await BlobDatabase.ExecuteAsync(connection, null, "UPDATE blob_objects SET stored_ms = @now WHERE sha256 = @h", cancellationToken,
                ("now", NowMs), ("h", manifest.Sha256)).ConfigureAwait(false) == 1)
        {
            return;
        }

        await _content.StoreAsync(staged, cancellationToken).ConfigureAwait(false);
        await BlobDatabase.ExecuteAsync(connection, null,
            "INSERT INTO blob_objects (sha256, size, chunks, stored_ms) VALUES (@h, @s, @c, @now) ON CONFLICT (sha256) DO UPDATE SET stored_ms = @now", cancellationToken,
            ("h", manifest.Sha256), ("s", manifest.Size), ("c", manifest.PackChunks()), ("now", NowMs)).ConfigureAwait(false);
    }

    private async Task<BlobPutResult> HoldAsync(string owner, BlobManifest manifest, long quotaBytes, CancellationToken cancellationToken)
    {
        var reason = BlobPutReason.Stored;
        await using (var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await _database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            var now = NowMs;
            if (await BlobDatabase.ExecuteAsync(connection, transaction, "UPDATE blob_holdings SET held_ms = @now WHERE owner = @o AND sha256 = @h", cancellationToken,
                    ("now", now), ("o", owner), ("h", manifest.Sha256)).ConfigureAwait(false) == 1
                || await BlobDatabase.ExecuteAsync(connection, transaction,
                    "INSERT INTO blob_holdings (owner, sha256, size, held_ms) VALUES (@o, @h, @s, @now) ON CONFLICT (owner, sha256) DO NOTHING", cancellationToken,
                    ("o", owner), ("h", manifest.Sha256), ("s", manifest.Size), ("now", now)).ConfigureAwait(false) == 0)
            {
                reason = BlobPutReason.AlreadyHeld; // a re-upload restarts the unused-upload clock
            }
            else
            {
                await BlobDatabase.ExecuteAsync(connection, transaction, "INSERT INTO blob_usage (owner, used_bytes) VALUES (@o, 0) ON CONFLICT (owner) DO NOTHING",
                    cancellationToken, ("o", owner)).ConfigureAwait(false);
                if (await BlobDatabase.ExecuteAsync(connection, transaction,
                        "UPDATE blob_usage SET used_bytes = used_bytes + @s WHERE owner = @o AND used_bytes + @s <= @q", cancellationToken,
                        ("s", manifest.Size), ("o", owner), ("q", quotaBytes)).ConfigureAwait(false) == 0)
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    var used = await UsedBytesAsync(owner, cancellationToken).ConfigureAwait(false);
                    return new BlobPutResult(BlobPutReason.QuotaExceeded, null, used,
                        $"owner {owner} holds {used:N0} bytes; {manifest.Size:N0} more would pass the quota of {quotaBytes:N0} bytes");
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        var usedAfter = await UsedBytesAsync(owner, cancellationToken).ConfigureAwait(false);
        return new BlobPutResult(reason, manifest, usedAfter, reason == BlobPutReason.Stored
            ? $"stored {manifest.Size:N0} bytes; owner {owner} holds {usedAfter:N0}"
            : $"owner {owner} already holds it");
    }

    /// <inheritdoc />
    public async Task<bool> HoldsAsync(string owner, string sha256, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        Hash(sha256);
        await using var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await BlobDatabase.QueryAsync(connection, null,
            "SELECT 1 FROM blob_holdings WHERE owner = @o AND sha256 = @h UNION ALL SELECT 1 FROM blob_job_refs WHERE owner = @o AND sha256 = @h",
            _ => true, cancellationToken, ("o", owner), ("h", sha256)).ConfigureAwait(false);
        return rows.Count > 0;
    }

    /// <inheritdoc />
    public async Task<BlobManifest?> FindAsync(string sha256, CancellationToken cancellationToken = default)
    {
        Hash(sha256);
        await using var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await BlobDatabase.QueryAsync(connection, null, "SELECT size, chunks FROM blob_objects WHERE sha256 = @h",
            r => BlobManifest.Unpack(sha256, r.GetInt64(0), (byte[])r.GetValue(1)), cancellationToken, ("h", sha256)).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    /// <inheritdoc />
    public Task<byte[]?> ReadAsync(string sha256, long offset, int length, CancellationToken cancellationToken = default)
    {
        Hash(sha256);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return _content.ReadAsync(sha256, offset, length, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<long> UsedBytesAsync(string owner, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        await using var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var rows = await BlobDatabase.QueryAsync(connection, null, "SELECT used_bytes FROM blob_usage WHERE owner = @o", r => r.GetInt64(0), cancellationToken,
            ("o", owner)).ConfigureAwait(false);
        return rows.FirstOrDefault();
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static void Hash(string sha256)
    {
        if (!BlobHash.IsValid(sha256))
        {
            throw new ArgumentException("a blob hash is 64 lowercase hex characters", nameof(sha256));
        }
    }

    /// <summary>Runs <paramref name="work"/> in a write transaction and commits.</summary>
    private async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _database.ConnectAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await _database.BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }
}
