using System.Net;
using EdgeCompute.Gateway.EdgeTasks.Blobs;
using EdgeCompute.Tests;

namespace EdgeCompute.Gateway.Tests.EdgeTasks.Blobs;

public sealed class BlobFetcherTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ec-blob-fetch-").FullName;
    private readonly FakeBlobServer _server = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_corrupted_chunk_is_dropped_and_fetched_again()
    {
        var bytes = Blob(seed: 1601, chunks: 4);
        var hash = _server.Add(bytes);
        _server.Corrupt(hash, chunk: 2, times: 1);
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(hash, bytes.Length, Token);

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path, Token));
        Assert.Equal([0, 1, 2, 2, 3], _server.ChunksAsked(hash));
        Assert.Equal(1, fetcher.ChunksRejected);
        Assert.Equal(4, result.ChunksFetched);
    }

    [Fact]
    public async Task A_chunk_corrupted_on_every_attempt_fails_the_fetch_with_its_reason()
    {
        var bytes = Blob(seed: 1602, chunks: 3);
        var hash = _server.Add(bytes);
        _server.Corrupt(hash, chunk: 1, times: 100);
        using var fetcher = Fetcher(attempts: 3);

        var result = await fetcher.FetchAsync(hash, bytes.Length, Token);

        Assert.Equal(BlobFetchReasonCode.ChunkCorrupted, result.ReasonCode);
        Assert.Contains("chunk 1", result.Message, StringComparison.Ordinal);
        Assert.Equal([0, 1, 1, 1], _server.ChunksAsked(hash));
        Assert.Equal(FakeBlobServer.ChunkBytes, new FileInfo(PartialPath(hash)).Length); // chunk 0 stays for the next attempt
    }

    [Fact]
    public async Task A_fetch_interrupted_after_k_chunks_resumes_at_chunk_k_in_a_new_fetcher_on_the_same_folder()
    {
        const int K = 3;
        var bytes = Blob(seed: 1603, chunks: 6, lastChunkShort: true);
        var hash = _server.Add(bytes);
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(Token))
        {
            _server.CancelAt = stop;
            _server.CancelAtChunk = K;
            using var first = Fetcher();
            var interrupted = await first.FetchAsync(hash, bytes.Length, stop.Token);
            Assert.Equal(BlobFetchReasonCode.Cancelled, interrupted.ReasonCode);
            Assert.Equal(K, interrupted.ChunksFetched);
        }

        Assert.Equal(K * FakeBlobServer.ChunkBytes, new FileInfo(PartialPath(hash)).Length);
        _server.CancelAt = null;
        var before = _server.ChunksAsked(hash).Count();

        using var restarted = Fetcher(); // a new process: nothing but the folder carries over
        var resumed = await restarted.FetchAsync(hash, bytes.Length, Token);

        Assert.True(resumed.IsSuccess, resumed.Message);
        Assert.Equal(K, resumed.ChunksResumed);
        Assert.Equal(6 - K, resumed.ChunksFetched);
        Assert.Equal([3, 4, 5], _server.ChunksAsked(hash).Skip(before));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(resumed.Path, Token));
    }

    [Fact]
    public async Task A_chunk_damaged_on_disk_is_found_at_start_and_fetched_again_with_everything_after_it()
    {
        var bytes = Blob(seed: 1604, chunks: 5);
        var hash = _server.Add(bytes);
        Directory.CreateDirectory(Path.Combine(_folder, "partial"));
        var partial = bytes[..(4 * FakeBlobServer.ChunkBytes)];
        partial[(1 * FakeBlobServer.ChunkBytes) + 7] ^= 0xff; // chunk 1 rotted on the card
        await File.WriteAllBytesAsync(PartialPath(hash), partial, Token);
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(hash, bytes.Length, Token);

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal(1, result.ChunksResumed);
        Assert.Equal([1, 2, 3, 4], _server.ChunksAsked(hash));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(result.Path, Token));
    }

    [Fact]
    public async Task A_blob_whose_whole_hash_does_not_match_its_name_is_deleted_and_the_fetch_fails()
    {
        var bytes = Blob(seed: 1605, chunks: 2);
        var claimed = BlobHash.Of("something else"u8);
        _server.AddAs(claimed, bytes); // chunk hashes of the served bytes, under another blob's name
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(claimed, bytes.Length, Token);

        Assert.Equal(BlobFetchReasonCode.HashMismatch, result.ReasonCode);
        Assert.False(File.Exists(PartialPath(claimed)));
        Assert.Equal(2, _server.ChunkRequests(claimed));
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, BlobFetchReasonCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound, BlobFetchReasonCode.NotFound)]
    [InlineData(HttpStatusCode.ServiceUnavailable, BlobFetchReasonCode.Unavailable)]
    public async Task A_refusing_coordinator_ends_the_fetch_with_the_reason_of_its_status(HttpStatusCode status, BlobFetchReasonCode expected)
    {
        var hash = _server.Add(Blob(seed: 1606, chunks: 1));
        _server.Status = status;
        using var fetcher = Fetcher(attempts: 2);

        var result = await fetcher.FetchAsync(hash, FakeBlobServer.ChunkBytes, Token);

        Assert.Equal(expected, result.ReasonCode);
        Assert.Contains(hash, result.Message, StringComparison.Ordinal);
        Assert.Equal(status == HttpStatusCode.ServiceUnavailable ? 2 : 1, _server.ListRequests); // 403 and 404 are final, 5xx is retried
    }

    [Fact]
    public async Task A_size_other_than_the_assignment_announced_fails_before_any_chunk_is_fetched()
    {
        var bytes = Blob(seed: 1607, chunks: 2);
        var hash = _server.Add(bytes);
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(hash, bytes.Length + 1, Token);

        Assert.Equal(BlobFetchReasonCode.SizeMismatch, result.ReasonCode);
        Assert.Equal(0, _server.ChunkRequests(hash));
    }

    [Fact]
    public async Task Every_request_carries_the_gateway_id_and_its_central_broker_password()
    {
        var bytes = Blob(seed: 1608, chunks: 1);
        var hash = _server.Add(bytes);
        using var fetcher = Fetcher();

        await fetcher.FetchAsync(hash, bytes.Length, Token);

        Assert.Equal("Gateway gw-01:s3cret", _server.LastAuthorization);
    }

    [Fact]
    public async Task An_empty_blob_needs_the_list_only()
    {
        var hash = _server.Add([]);
        using var fetcher = Fetcher();

        var result = await fetcher.FetchAsync(hash, 0, Token);

        Assert.True(result.IsSuccess, result.Message);
        Assert.Equal(0, _server.ChunkRequests(hash));
        Assert.Equal(0, new FileInfo(result.Path).Length);
    }

    [Fact]
    public void Partial_blobs_untouched_for_longer_than_the_retention_are_deleted_and_recent_ones_kept()
    {
        var partial = Path.Combine(_folder, "partial");
        Directory.CreateDirectory(partial);
        var old = Path.Combine(partial, BlobHash.Of("old"u8));
        var recent = Path.Combine(partial, BlobHash.Of("recent"u8));
        File.WriteAllBytes(old, [1]);
        File.WriteAllBytes(recent, [2]);
        var now = new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(old, now.UtcDateTime.AddDays(-2));
        File.SetLastWriteTimeUtc(recent, now.UtcDateTime.AddHours(-1));
        using var fetcher = new BlobFetcher(
            new BlobFetcherOptions(new Uri("http://coordinator.test:8080"), "gw-01", "s3cret", _folder), _server, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));

        Assert.Equal(1, fetcher.PrunePartials(TimeSpan.FromDays(1)));
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    internal static byte[] Blob(int seed, int chunks, bool lastChunkShort = false)
    {
        var bytes = new byte[(chunks * FakeBlobServer.ChunkBytes) - (lastChunkShort ? 100 : 0)];
        TestSeed.Random(seed).NextBytes(bytes);
        return bytes;
    }

    private string PartialPath(string hash) => Path.Combine(_folder, "partial", hash);

    private BlobFetcher Fetcher(int attempts = 3) =>
        new(new BlobFetcherOptions(new Uri("http://coordinator.test:8080"), "gw-01", "s3cret", _folder) { MaxChunkAttempts = attempts, RetryDelay = TimeSpan.Zero }, _server);
}
