using System.Security.Cryptography;
using EdgeCompute.Coordinator.Domain.Blobs;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Blobs;
using EdgeCompute.Coordinator.Storage.Work;
using EdgeCompute.Coordinator.Tests.WorkStore;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Blobs;

/// <summary>The behaviour of the blob store and its sweep, run once per backend (SQLite with a blob folder; PostgreSQL) by a subclass; a fake clock, seeded bytes.</summary>
public abstract class BlobStoreContract : IAsyncLifetime
{
    private const long Quota = 20L * 1024 * 1024;
    private IBlobStore _blobs = null!;
    private IWorkStore _work = null!;

    /// <summary>Gets the clock every store and sweep here reads.</summary>
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_000));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens this test's blob and work stores.</summary>
    protected abstract Task<(IBlobStore Blobs, IWorkStore Work)> OpenStoresAsync();

    /// <summary>Drops this test's database objects and files.</summary>
    protected abstract ValueTask DropAsync();

    /// <inheritdoc />
    public async ValueTask InitializeAsync() => (_blobs, _work) = await OpenStoresAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_blobs is not null) await _blobs.DisposeAsync();
        if (_work is not null) await _work.DisposeAsync();
        await DropAsync();
        GC.SuppressFinalize(this);
    }

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private Task<BlobPutResult> PutAsync(string owner, byte[] bytes, long quota = Quota) =>
        _blobs.PutAsync(owner, BlobHash.Of(bytes), new MemoryStream(bytes), quota, Ct);

    private BlobSweeper Sweeper() => new(_blobs, _work, new BlobOptions(), Clock);

    [Fact]
    public async Task Stores_a_blob_with_a_manifest_of_one_hash_per_MiB_and_reads_any_range()
    {
        var bytes = Bytes((int)(2.5 * BlobLimits.ChunkBytes), seed: 1);

        var put = await PutAsync("alice", bytes);

        Assert.Equal(BlobPutReason.Stored, put.Reason);
        var manifest = await _blobs.FindAsync(BlobHash.Of(bytes), Ct);
        Assert.NotNull(manifest);
        Assert.Equal(bytes.Length, manifest.Size);
        Assert.Equal(
            [BlobHash.Of(bytes.AsSpan(0, BlobLimits.ChunkBytes)), BlobHash.Of(bytes.AsSpan(BlobLimits.ChunkBytes, BlobLimits.ChunkBytes)), BlobHash.Of(bytes.AsSpan(2 * BlobLimits.ChunkBytes))],
            manifest.Chunks);
        Assert.Equal(bytes, await _blobs.ReadAsync(manifest.Sha256, 0, bytes.Length, Ct));
        var across = await _blobs.ReadAsync(manifest.Sha256, BlobLimits.ChunkBytes - 10, 20, Ct);
        Assert.Equal(bytes.AsSpan(BlobLimits.ChunkBytes - 10, 20).ToArray(), across);
        Assert.Equal(bytes.AsSpan(bytes.Length - 5).ToArray(), await _blobs.ReadAsync(manifest.Sha256, bytes.Length - 5, 5, Ct));
    }

    [Fact]
    public async Task Refuses_bytes_whose_hash_is_not_the_name_they_came_under_and_keeps_nothing()
    {
        var bytes = Bytes(5_000, seed: 2);
        var claimed = BlobHash.Of(Bytes(5_000, seed: 3));

        var put = await _blobs.PutAsync("alice", claimed, new MemoryStream(bytes), Quota, Ct);

        Assert.Equal(BlobPutReason.HashMismatch, put.Reason);
        Assert.Equal(BlobHash.Of(bytes), put.Manifest!.Sha256);
        Assert.False(await _blobs.HoldsAsync("alice", claimed, Ct));
        Assert.False(await _blobs.HoldsAsync("alice", BlobHash.Of(bytes), Ct));
        Assert.Null(await _blobs.FindAsync(BlobHash.Of(bytes), Ct));
        Assert.Equal(0, await _blobs.UsedBytesAsync("alice", Ct));
    }

    [Fact]
    public async Task Refuses_a_blob_one_byte_over_8_MiB_and_keeps_nothing()
    {
        var bytes = Bytes((int)BlobLimits.MaxBlobBytes + 1, seed: 4);

        var put = await PutAsync("alice", bytes, quota: 1L << 30);

        Assert.Equal(BlobPutReason.TooLarge, put.Reason);
        Assert.Null(await _blobs.FindAsync(BlobHash.Of(bytes), Ct));
        Assert.Equal(0, await _blobs.UsedBytesAsync("alice", Ct));
    }

    [Fact]
    public async Task Counts_a_hash_once_per_owner_however_often_it_is_uploaded()
    {
        var bytes = Bytes(300_000, seed: 5);

        Assert.Equal(BlobPutReason.Stored, (await PutAsync("alice", bytes)).Reason);
        Assert.Equal(BlobPutReason.AlreadyHeld, (await PutAsync("alice", bytes)).Reason);
        Assert.Equal(BlobPutReason.Stored, (await PutAsync("bob", bytes)).Reason);

        Assert.Equal(300_000, await _blobs.UsedBytesAsync("alice", Ct));
        Assert.Equal(300_000, await _blobs.UsedBytesAsync("bob", Ct));
    }

    [Fact]
    public async Task Refuses_an_upload_past_the_quota_naming_the_owners_use()
    {
        var first = Bytes(600_000, seed: 6);
        var second = Bytes(500_000, seed: 7);
        Assert.Equal(BlobPutReason.Stored, (await PutAsync("alice", first, quota: 1_000_000)).Reason);

        var over = await PutAsync("alice", second, quota: 1_000_000);

        Assert.Equal(BlobPutReason.QuotaExceeded, over.Reason);
        Assert.Equal(600_000, over.UsedBytes);
        Assert.Contains("1,000,000", over.Detail, StringComparison.Ordinal);
        Assert.False(await _blobs.HoldsAsync("alice", BlobHash.Of(second), Ct));
        Assert.Equal(BlobPutReason.AlreadyHeld, (await PutAsync("alice", first, quota: 1_000_000)).Reason); // a held hash costs nothing more
    }

    [Fact]
    public async Task Concurrent_uploads_by_one_owner_never_pass_the_quota()
    {
        var blobs = Enumerable.Range(0, 6).Select(i => Bytes(400_000, seed: 30 + i)).ToList();

        var results = await Task.WhenAll(blobs.Select(b => Task.Run(() => PutAsync("alice", b, quota: 1_000_000), Ct)));

        Assert.Equal(2, results.Count(r => r.Reason == BlobPutReason.Stored));
        Assert.Equal(4, results.Count(r => r.Reason == BlobPutReason.QuotaExceeded));
        Assert.Equal(800_000, await _blobs.UsedBytesAsync("alice", Ct));
    }

    [Fact]
    public async Task Says_an_owner_holds_a_blob_only_when_that_owner_uploaded_it_or_named_it_in_a_job()
    {
        var bytes = Bytes(1_000, seed: 8);
        await PutAsync("alice", bytes);
        var hash = BlobHash.Of(bytes);

        Assert.True(await _blobs.HoldsAsync("alice", hash, Ct));
        Assert.False(await _blobs.HoldsAsync("bob", hash, Ct));
        Assert.False(await _blobs.HoldsAsync("alice", BlobHash.Of(Bytes(1_000, seed: 9)), Ct));
    }

    [Fact]
    public async Task Referencing_a_hash_the_owner_does_not_hold_names_it_and_references_nothing()
    {
        var held = Bytes(1_000, seed: 10);
        var foreign = Bytes(1_000, seed: 11);
        await PutAsync("alice", held);
        await PutAsync("bob", foreign);

        var refused = await _blobs.ReferenceAsync("job-1", "alice", [BlobHash.Of(held), BlobHash.Of(foreign)], Ct);
        var accepted = await _blobs.ReferenceAsync("job-2", "alice", [BlobHash.Of(held)], Ct);

        Assert.Equal(BlobHash.Of(foreign), refused.MissingHash);
        Assert.True(accepted.IsSuccess);
        Assert.Equal(1_000, accepted.Sizes[BlobHash.Of(held)]);
        Assert.Equal(["job-2"], (await _blobs.ReadUnscheduledJobsAsync(10, Ct)).Select(j => j.JobId));
    }

    [Fact]
    public async Task Collects_an_upload_no_job_names_after_24_hours_and_then_its_bytes()
    {
        var bytes = Bytes(2_000, seed: 12);
        var hash = BlobHash.Of(bytes);
        await PutAsync("alice", bytes);

        Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(new BlobSweepReport(0, 0, 0, 0), await Sweeper().SweepAsync(Ct));
        Assert.True(await _blobs.HoldsAsync("alice", hash, Ct));

        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(new BlobSweepReport(0, 0, 1, 1), await Sweeper().SweepAsync(Ct));
        Assert.False(await _blobs.HoldsAsync("alice", hash, Ct));
        Assert.Equal(0, await _blobs.UsedBytesAsync("alice", Ct));
        Assert.Null(await _blobs.FindAsync(hash, Ct));
        Assert.Null(await _blobs.ReadAsync(hash, 0, 10, Ct));
    }

    [Fact]
    public async Task Keeps_the_blobs_of_a_running_job_and_releases_them_7_days_after_it_finishes()
    {
        var module = Bytes(3_000, seed: 13);
        var input = Bytes(700, seed: 14);
        await PutAsync("alice", module);
        await PutAsync("alice", input);
        Assert.True((await _blobs.ReferenceAsync("job-1", "alice", [BlobHash.Of(module), BlobHash.Of(input)], Ct)).IsSuccess);
        var start = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        Assert.True(await _work.InsertJobAsync(WorkFixtures.Job("job-1", start), WorkFixtures.Tasks("job-1", 1), Ct));

        Clock.Advance(TimeSpan.FromDays(3)); // running: past the orphan time, still kept
        Assert.Equal(new BlobSweepReport(0, 0, 0, 0), await Sweeper().SweepAsync(Ct));
        Assert.True(await _work.FinishJobAsync("job-1", JobStatus.Completed, "{}", Clock.GetUtcNow().ToUnixTimeMilliseconds(), "done", Ct));
        Assert.Equal(new BlobSweepReport(1, 0, 0, 0), await Sweeper().SweepAsync(Ct));

        Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal(new BlobSweepReport(0, 0, 0, 0), await Sweeper().SweepAsync(Ct));
        Assert.True(await _blobs.HoldsAsync("alice", BlobHash.Of(module), Ct));

        Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(new BlobSweepReport(0, 2, 0, 2), await Sweeper().SweepAsync(Ct));
        Assert.False(await _blobs.HoldsAsync("alice", BlobHash.Of(module), Ct));
        Assert.Equal(0, await _blobs.UsedBytesAsync("alice", Ct));
        Assert.Null(await _blobs.FindAsync(BlobHash.Of(input), Ct));
    }

    [Fact]
    public async Task Releases_the_blobs_of_a_cancelled_job_7_days_after_the_cancel()
    {
        var input = Bytes(900, seed: 17);
        await PutAsync("alice", input);
        Assert.True((await _blobs.ReferenceAsync("job-c", "alice", [BlobHash.Of(input)], Ct)).IsSuccess);
        Assert.True(await _work.InsertJobAsync(WorkFixtures.Job("job-c", Clock.GetUtcNow().ToUnixTimeMilliseconds()), WorkFixtures.Tasks("job-c", 1), Ct));
        Assert.NotNull(await _work.CancelJobAsync("job-c", Clock.GetUtcNow().ToUnixTimeMilliseconds(), "cancelled by its submitter", Ct));

        Assert.Equal(new BlobSweepReport(1, 0, 0, 0), await Sweeper().SweepAsync(Ct));
        Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        Assert.Equal(new BlobSweepReport(0, 1, 0, 1), await Sweeper().SweepAsync(Ct));
        Assert.False(await _blobs.HoldsAsync("alice", BlobHash.Of(input), Ct));
    }

    [Fact]
    public async Task A_release_keeps_a_hash_another_job_of_the_owner_still_names_and_the_bytes_another_owner_holds()
    {
        var shared = Bytes(4_000, seed: 15);
        var hash = BlobHash.Of(shared);
        await PutAsync("alice", shared);
        await PutAsync("bob", shared);
        var now = Clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var job in new[] { "job-a", "job-b" })
        {
            Assert.True((await _blobs.ReferenceAsync(job, "alice", [hash], Ct)).IsSuccess);
            Assert.True(await _work.InsertJobAsync(WorkFixtures.Job(job, now), WorkFixtures.Tasks(job, 1), Ct));
        }

        Assert.True(await _work.FinishJobAsync("job-a", JobStatus.Failed, null, now, "failed", Ct));
        await Sweeper().SweepAsync(Ct);
        Clock.Advance(TimeSpan.FromDays(8));
        var swept = await Sweeper().SweepAsync(Ct);

        Assert.Equal(0, swept.HoldingsReleased); // job-b still runs
        Assert.True(await _blobs.HoldsAsync("alice", hash, Ct));
        Assert.Equal(1, swept.OrphansCollected); // bob never used his upload
        Assert.Equal(shared, await _blobs.ReadAsync(hash, 0, shared.Length, Ct));
    }

    [Fact]
    public async Task Releases_the_references_of_a_job_that_was_never_stored_after_the_orphan_time()
    {
        var bytes = Bytes(1_500, seed: 16);
        await PutAsync("alice", bytes);
        Assert.True((await _blobs.ReferenceAsync("refused-job", "alice", [BlobHash.Of(bytes)], Ct)).IsSuccess);

        Clock.Advance(TimeSpan.FromHours(25));
        var swept = await Sweeper().SweepAsync(Ct);

        Assert.Equal(new BlobSweepReport(1, 1, 0, 1), swept);
        Assert.False(await _blobs.HoldsAsync("alice", BlobHash.Of(bytes), Ct));
    }

    [Fact]
    public async Task An_empty_upload_is_a_blob_of_no_chunks()
    {
        var put = await PutAsync("alice", []);

        Assert.Equal(BlobPutReason.Stored, put.Reason);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData([])), put.Manifest!.Sha256);
        Assert.Empty(put.Manifest.Chunks);
        Assert.Empty((await _blobs.ReadAsync(put.Manifest.Sha256, 0, 0, Ct))!);
    }
}
