using EdgeCompute.Gateway.EdgeTasks.Blobs;

namespace EdgeCompute.Gateway.Tests.EdgeTasks.Blobs;

public sealed class TaskBlobsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-task-blobs-").FullName;
    private readonly FakeBlobServer _server = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tasks_asking_for_one_hash_at_once_share_one_fetch()
    {
        var bytes = BlobFetcherTests.Blob(seed: 1611, chunks: 3);
        var hash = _server.Add(bytes);
        _server.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var blobs = Blobs();

        var waiting = Enumerable.Range(0, 8).Select(_ => blobs.GetAsync(hash, bytes.Length, BlobUse.Module, Token)).ToArray();
        await EdgeCompute.Gateway.Tests.Support.Eventually.TrueAsync(() => _server.ChunkRequests(hash) == 1, "the first chunk asked for");
        _server.Gate.SetResult();
        var reads = await Task.WhenAll(waiting);

        Assert.All(reads, r => Assert.Equal(bytes, r.Bytes.ToArray()));
        Assert.Equal(1, blobs.Fetches);
        Assert.Equal(1, _server.ListRequests);
        Assert.Equal([0, 1, 2], _server.ChunksAsked(hash));
    }

    [Fact]
    public async Task A_restarted_gateway_finds_its_module_in_the_cache_without_fetching()
    {
        var bytes = BlobFetcherTests.Blob(seed: 1612, chunks: 2);
        var hash = _server.Add(bytes);
        using (var first = Blobs())
        {
            var fetched = await first.GetAsync(hash, bytes.Length, BlobUse.Module, Token);
            Assert.True(fetched.IsSuccess, fetched.Message);
            Assert.False(fetched.FromCache);
        }

        var requests = _server.Log.Count;
        using var restarted = Blobs();
        var read = await restarted.GetAsync(hash, bytes.Length, BlobUse.Module, Token);

        Assert.True(read.IsSuccess, read.Message);
        Assert.True(read.FromCache);
        Assert.Equal(bytes, read.Bytes.ToArray());
        Assert.Equal(requests, _server.Log.Count);
        Assert.Equal(0, restarted.Fetches);
    }

    [Fact]
    public async Task A_cached_blob_that_no_longer_matches_its_hash_is_deleted_and_fetched_again()
    {
        var bytes = BlobFetcherTests.Blob(seed: 1613, chunks: 1);
        var hash = _server.Add(bytes);
        using (var first = Blobs())
        {
            await first.GetAsync(hash, bytes.Length, BlobUse.Input, Token);
        }

        var cached = Path.Combine(_folder, "inputs", hash);
        var rotted = await File.ReadAllBytesAsync(cached, Token);
        rotted[3] ^= 1;
        await File.WriteAllBytesAsync(cached, rotted, Token);
        using var restarted = Blobs();

        var read = await restarted.GetAsync(hash, bytes.Length, BlobUse.Input, Token);

        Assert.True(read.IsSuccess, read.Message);
        Assert.False(read.FromCache);
        Assert.Equal(bytes, read.Bytes.ToArray());
        Assert.Equal(1, restarted.Fetches);
    }

    [Fact]
    public async Task A_module_larger_than_8_MiB_is_refused_before_any_request()
    {
        var hash = BlobHash.Of("large"u8);
        using var blobs = Blobs();

        var read = await blobs.GetAsync(hash, BlobLimits.MaxModuleBytes + 1, BlobUse.Module, Token);
        var input = await blobs.GetAsync(hash, BlobLimits.MaxInputBytes + 1, BlobUse.Input, Token);

        Assert.Equal(BlobFetchReasonCode.SizeMismatch, read.ReasonCode);
        Assert.Equal(BlobFetchReasonCode.SizeMismatch, input.ReasonCode);
        Assert.Empty(_server.Log);
    }

    [Fact]
    public async Task A_failed_fetch_gives_every_waiting_task_its_reason()
    {
        var hash = BlobHash.Of("nobody holds this"u8);
        using var blobs = Blobs();

        var reads = await Task.WhenAll(
            blobs.GetAsync(hash, 10, BlobUse.Module, Token),
            blobs.GetAsync(hash, 10, BlobUse.Module, Token));

        Assert.All(reads, r => Assert.Equal(BlobFetchReasonCode.NotFound, r.ReasonCode));
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private TaskBlobs Blobs() => new(
        new BlobFetcher(new BlobFetcherOptions(new Uri("http://coordinator.test:8080/"), "gw-01", "s3cret", _folder) { RetryDelay = TimeSpan.Zero }, _server),
        new BlobCache(Path.Combine(_folder, "modules"), 64 << 20),
        new BlobCache(Path.Combine(_folder, "inputs"), 16 << 20));
}
