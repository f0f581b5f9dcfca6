using EdgeCompute.Gateway.EdgeTasks.Blobs;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.EdgeTasks.Blobs;

public sealed class BlobCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-blob-cache-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Past_its_byte_budget_the_least_recently_used_blob_goes_first()
    {
        var cache = new BlobCache(Path.Combine(_folder, "modules"), maxBytes: 3000, _time);
        var a = Admit(cache, 1000, 1);
        var b = Admit(cache, 1000, 2);
        var c = Admit(cache, 1000, 3);
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.NotNull(cache.TryUse(a)); // a is now the most recently used; b the least

        var d = Admit(cache, 1000, 4);

        Assert.False(cache.Contains(b));
        Assert.False(File.Exists(Path.Combine(cache.Folder, b)));
        Assert.True(cache.Contains(a) && cache.Contains(c) && cache.Contains(d));
        Assert.Equal(3000, cache.TotalBytes);
        Assert.Equal(1, cache.Evicted);
    }

    [Fact]
    public void A_reopened_cache_finds_its_blobs_and_evicts_in_the_order_they_were_used_before_the_restart()
    {
        var folder = Path.Combine(_folder, "modules");
        var before = new BlobCache(folder, maxBytes: 2000, _time);
        var a = Admit(before, 1000, 1);
        var b = Admit(before, 1000, 2);
        _time.Advance(TimeSpan.FromMinutes(1));
        before.TryUse(a);

        var after = new BlobCache(folder, maxBytes: 2000, _time); // a new process
        Assert.Equal(2, after.Count);
        Assert.Equal(2000, after.TotalBytes);
        Assert.NotNull(after.TryUse(b)); // held; and now b is the most recently used
        _time.Advance(TimeSpan.FromMinutes(1));
        var c = Admit(after, 1000, 3);

        Assert.False(after.Contains(a));
        Assert.True(after.Contains(b) && after.Contains(c));
    }

    [Fact]
    public void A_cache_reopened_with_a_smaller_budget_trims_itself_at_start()
    {
        var folder = Path.Combine(_folder, "inputs");
        var before = new BlobCache(folder, maxBytes: 10_000, _time);
        var old = Admit(before, 1000, 1);
        var recent = Admit(before, 1000, 2);

        var after = new BlobCache(folder, maxBytes: 1500, _time);

        Assert.False(after.Contains(old));
        Assert.True(after.Contains(recent));
        Assert.Equal(1000, after.TotalBytes);
    }

    [Fact]
    public void A_blob_used_again_within_a_minute_keeps_its_file_time_and_its_first_place_in_memory()
    {
        var cache = new BlobCache(Path.Combine(_folder, "modules"), maxBytes: 10_000, _time);
        var a = Admit(cache, 1000, 1);
        var b = Admit(cache, 1000, 2);
        var path = Path.Combine(cache.Folder, a);
        _time.Advance(TimeSpan.FromMinutes(2));
        cache.TryUse(a);
        var written = File.GetLastWriteTimeUtc(path);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.NotNull(cache.TryUse(a));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path)); // no second metadata write within the minute
        _time.Advance(TimeSpan.FromSeconds(31));
        cache.TryUse(a);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, File.GetLastWriteTimeUtc(path));
        Assert.True(cache.Contains(b));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes a blob of <paramref name="size"/> bytes beside the cache and admits it; a second passes between admissions.</summary>
    private string Admit(BlobCache cache, int size, byte fill)
    {
        var bytes = Enumerable.Repeat(fill, size).ToArray();
        var hash = BlobHash.Of(bytes);
        var staged = Path.Combine(_folder, hash + ".staged");
        File.WriteAllBytes(staged, bytes);
        cache.Admit(hash, staged);
        _time.Advance(TimeSpan.FromSeconds(1));
        return hash;
    }
}
