using System.Buffers.Binary;
using System.Net;
using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Gateway.EdgeTasks.Blobs;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Gateway.Tests.EdgeTasks.Blobs;

public sealed class WasmBlobTaskTests : IAsyncLifetime
{
    private const ulong Fuel = 10_000_000;
    private readonly TestGateway _gateway = new(devices: 0);
    private readonly FakeBlobServer _server = new();
    private readonly List<TaskBlobs> _blobs = [];
    private OutboxStore _outbox = null!;
    private EdgeTaskPool _pool = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _outbox = _gateway.OpenOutbox();
        _pool = new EdgeTaskPool(new EdgeTaskOptions { MaxConcurrency = 2, MaxModuleBytes = 64 * 1024 }, TimeProvider.System);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_wasm_blob_task_fetches_its_module_and_input_by_hash_and_its_result_goes_upstream_as_kind_6()
    {
        var module = _server.Add(TestModules.ByteSum);
        var inputBytes = BlobFetcherTests.Blob(seed: 1621, chunks: 3, lastChunkShort: true);
        var input = _server.Add(inputBytes);
        await using var runner = Runner(Blobs());

        Assert.True(await runner.TryStartAsync(Task("job-1-t1", module, TestModules.ByteSum.Length, input, inputBytes.Length), Token));
        Assert.True(await runner.TryStartAsync(Task("job-1-t2", module, TestModules.ByteSum.Length, input, inputBytes.Length), Token));
        await Eventually.TrueAsync(() => runner.ResultsStored == 2, "both results stored");

        var results = await ResultsAsync();
        Assert.Equal(["job-1-t1", "job-1-t2"], results.Select(r => r.TaskId).Order(StringComparer.Ordinal));
        Assert.All(results, r =>
        {
            Assert.Equal(GatewayTaskStatus.Ok, r.Status);
            Assert.Equal(inputBytes.Sum(b => b), BinaryPrimitives.ReadInt32LittleEndian(r.Output.Span));
            Assert.InRange(r.Fuel, 1UL, Fuel - 1);
        });
        Assert.Equal(1, _server.ChunkRequests(module)); // the module was fetched once, then read from the cache
        Assert.Equal(3, _server.ChunkRequests(input));
    }

    [Fact]
    public async Task A_module_the_pool_holds_compiled_is_run_by_hash_without_reading_or_fetching_its_blob()
    {
        var module = _server.Add(TestModules.Echo);
        await using var runner = Runner(Blobs());
        Assert.True(await runner.TryStartAsync(Task("job-8-t1", module, TestModules.Echo.Length, inputHash: null, 1, inline: [1]), Token));
        await Eventually.TrueAsync(() => runner.ResultsStored == 1, "the first result stored");
        File.Delete(Path.Combine(_gateway.Folder, "blobs", "modules", module)); // neither the disk cache
        _server.Status = HttpStatusCode.NotFound;                                // nor the coordinator could give it now
        var requests = _server.Log.Count;

        Assert.True(await runner.TryStartAsync(Task("job-8-t2", module, TestModules.Echo.Length, inputHash: null, 2, inline: [5, 6]), Token));
        await Eventually.TrueAsync(() => runner.ResultsStored == 2, "the second result stored");

        var second = (await ResultsAsync()).Single(r => r.TaskId == "job-8-t2");
        Assert.Equal(GatewayTaskStatus.Ok, second.Status);
        Assert.Equal(new byte[] { 5, 6 }, second.Output.ToArray());
        Assert.Equal(requests, _server.Log.Count);
    }

    [Fact]
    public async Task A_wasm_blob_task_with_its_input_inline_fetches_the_module_only()
    {
        var module = _server.Add(TestModules.Echo);
        await using var runner = Runner(Blobs());

        Assert.True(await runner.TryStartAsync(Task("job-2-t1", module, TestModules.Echo.Length, inputHash: null, 3, inline: [7, 8, 9]), Token));
        await Eventually.TrueAsync(() => runner.ResultsStored == 1, "the result stored");

        var result = Assert.Single(await ResultsAsync());
        Assert.Equal(GatewayTaskStatus.Ok, result.Status);
        Assert.Equal(new byte[] { 7, 8, 9 }, result.Output.ToArray());
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task A_module_the_coordinator_will_not_give_ends_the_task_as_bad_input(HttpStatusCode status)
    {
        var module = _server.Add(TestModules.Echo);
        _server.Status = status;
        await using var runner = Runner(Blobs());

        Assert.True(await runner.TryStartAsync(Task("job-3-t1", module, TestModules.Echo.Length, inputHash: null, 1, inline: [1]), Token));
        await Eventually.TrueAsync(() => runner.ResultsStored == 1, "the result stored");

        var result = Assert.Single(await ResultsAsync());
        Assert.Equal(GatewayTaskStatus.BadInput, result.Status);
        Assert.Equal(0UL, result.Fuel);
        Assert.True(result.Output.IsEmpty);
    }

    [Fact]
    public async Task A_module_whose_chunks_stay_corrupted_ends_the_task_as_bad_input()
    {
        var bytes = BlobFetcherTests.Blob(seed: 1622, chunks: 2);
        var module = _server.Add(bytes);
        _server.Corrupt(module, chunk: 1, times: 100);
        await using var runner = Runner(Blobs());

        Assert.True(await runner.TryStartAsync(Task("job-4-t1", module, bytes.Length, inputHash: null, 0, inline: []), Token));
        await Eventually.TrueAsync(() => runner.ResultsStored == 1, "the result stored");

        Assert.Equal(GatewayTaskStatus.BadInput, Assert.Single(await ResultsAsync()).Status);
        Assert.Equal(1 + 3, _server.ChunkRequests(module)); // chunk 0 once, chunk 1 three times
    }

    [Fact]
    public async Task A_fetch_still_running_at_the_deadline_ends_the_task_with_status_deadline()
    {
        var module = _server.Add(TestModules.Echo);
        _server.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // the chunk never comes
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var runner = new WasmTaskRunner(_pool, _outbox, _gateway.File.GatewayId, 1 << 20, TimeSpan.FromSeconds(10), clock, NullLogger<WasmTaskRunner>.Instance, Blobs());

        Assert.True(await runner.TryStartAsync(Task("job-9-t1", module, TestModules.Echo.Length, inputHash: null, 0, inline: [], deadline: clock.GetUtcNow().AddSeconds(10)), Token));
        await Eventually.TrueAsync(() => _server.ChunkRequests(module) == 1, "the chunk asked for");
        clock.Advance(TimeSpan.FromSeconds(11));
        await Eventually.TrueAsync(() => runner.ResultsStored == 1, "the result stored");
        _server.Gate.SetResult();

        var result = Assert.Single(await ResultsAsync());
        Assert.Equal(GatewayTaskStatus.Deadline, result.Status);
        Assert.Equal(0UL, result.Fuel);
    }

    [Fact]
    public async Task A_module_larger_than_the_gateway_takes_is_handed_back_before_any_fetch()
    {
        await using var runner = Runner(Blobs()); // the pool takes modules up to 64 KiB
        var hash = BlobHash.Of("a large module"u8);

        Assert.False(await runner.TryStartAsync(Task("job-5-t1", hash, (64 * 1024) + 1, inputHash: null, 0, inline: []), Token));
        Assert.Empty(_server.Log);
        Assert.Equal(1, runner.Refused);
    }

    [Fact]
    public async Task A_gateway_without_a_coordinator_api_hands_wasm_blob_back()
    {
        await using var runner = Runner(blobs: null);

        Assert.False(await runner.TryStartAsync(Task("job-6-t1", BlobHash.Of("m"u8), 10, inputHash: null, 0, inline: []), Token));
    }

    public async ValueTask DisposeAsync()
    {
        _blobs.ForEach(b => b.Dispose());
        _pool.Dispose();
        await _gateway.DisposeAsync();
        _server.Dispose();
    }

    private TaskBlobs Blobs()
    {
        var folder = Path.Combine(_gateway.Folder, "blobs");
        var blobs = new TaskBlobs(
            new BlobFetcher(new BlobFetcherOptions(new Uri("http://coordinator.test:8080"), _gateway.File.GatewayId, _gateway.File.BrokerPassword, folder) { RetryDelay = TimeSpan.Zero }, _server),
            new BlobCache(Path.Combine(folder, "modules"), 16 << 20),
            new BlobCache(Path.Combine(folder, "inputs"), 8 << 20));
        _blobs.Add(blobs);
        return blobs;
    }

    private WasmTaskRunner Runner(TaskBlobs? blobs) =>
        new(_pool, _outbox, _gateway.File.GatewayId, 1 << 20, TimeSpan.FromSeconds(10), TimeProvider.System, NullLogger<WasmTaskRunner>.Instance, blobs);

    private CoordinatorTask Task(string taskId, string moduleHash, int moduleSize, string? inputHash, int inputSize, byte[]? inline = null, DateTimeOffset? deadline = null) =>
        new(_gateway.File.GatewayId, string.Empty, TaskAssignmentCodec.Encode(new TaskAssignment(
            taskId,
            0,
            _gateway.File.GatewayId,
            new WasmBlobParameters(
                Convert.FromHexString(moduleHash),
                (ulong)moduleSize,
                inputHash is null ? ReadOnlyMemory<byte>.Empty : Convert.FromHexString(inputHash),
                (ulong)inputSize,
                inline ?? [],
                Fuel,
                1 << 20),
            OpBudget: 0,
            DeadlineMs: (deadline ?? DateTimeOffset.UtcNow.AddHours(1)).ToUnixTimeMilliseconds())), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ReadOnlyMemory<byte>.Empty);

    private async Task<List<GatewayTaskResultItem>> ResultsAsync()
    {
        var items = new List<BatchItem>();
        await _outbox.CutBatchAsync(1 << 20, 100, allowEmpty: false, (_, _, batch) => { items.AddRange(batch); return [0]; }, Token);
        return [.. items.OfType<GatewayTaskResultItem>()];
    }
}
