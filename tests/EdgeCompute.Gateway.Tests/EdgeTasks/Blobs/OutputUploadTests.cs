using System.Net;
using System.Security.Cryptography;
using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Gateway.EdgeTasks.Blobs;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Tasks;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeCompute.Gateway.Tests.EdgeTasks.Blobs;

/// <summary>Outputs above the inline limit go to the coordinator as blobs before their result item (kind 7) is queued.</summary>
public sealed class OutputUploadTests : IAsyncLifetime
{
    private const ulong Fuel = 50_000_000;
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
    public async Task An_output_above_the_inline_limit_is_uploaded_first_and_its_item_names_the_hash()
    {
        var input = BlobFetcherTests.Blob(seed: 4711, chunks: 60, lastChunkShort: false); // 60 KiB, echoed back (the test module has one page of memory)
        var blobs = Blobs();
        await using var runner = Runner(blobs);

        Assert.True(await runner.TryStartAsync(Task("job-1-t1", _server.Add(TestModules.Echo), TestModules.Echo.Length, _server.Add(input), input.Length), Token));
        await Eventually.TrueAsync(() => runner.ResultsStored == 1, "the result stored");

        var item = Assert.Single(await ResultsAsync());
        var hash = Convert.ToHexStringLower(SHA256.HashData(input));
        Assert.Equal((GatewayTaskStatus.Ok, new GatewayTaskOutputBlob(hash, (ulong)input.Length)), (item.Status, item.OutputBlob));
        Assert.True(item.Output.IsEmpty);
        Assert.Equal([$"/api/blobs/{hash}?task=job-1-t1&slot=0"], _server.Puts);
        Assert.Equal(input, _server.Stored[hash]);
        Assert.Equal($"Gateway {_gateway.File.GatewayId}:{_gateway.File.BrokerPassword}", _server.LastAuthorization);
        Assert.Empty(blobs.Outputs.Pending);
    }

    [Fact]
    public async Task An_output_within_the_inline_limit_stays_in_its_item_and_nothing_is_uploaded()
    {
        var input = BlobFetcherTests.Blob(seed: 17, chunks: 4, lastChunkShort: true);
        await using var runner = Runner(Blobs());

        Assert.True(await runner.TryStartAsync(Task("job-1-t2", _server.Add(TestModules.Echo), TestModules.Echo.Length, _server.Add(input), input.Length), Token));
        await Eventually.TrueAsync(() => runner.ResultsStored == 1, "the result stored");

        var item = Assert.Single(await ResultsAsync());
        Assert.Null(item.OutputBlob);
        Assert.Equal(input, item.Output.ToArray());
        Assert.Empty(_server.Puts);
    }

    [Fact]
    public async Task A_pending_upload_survives_a_gateway_restart_and_its_item_is_queued_only_once_stored()
    {
        var input = BlobFetcherTests.Blob(seed: 99, chunks: 60, lastChunkShort: false);
        var module = _server.Add(TestModules.Echo);
        var inputHash = _server.Add(input);
        _server.PutStatus = null; // the coordinator cannot be reached
        var first = Blobs();
        await using (var runner = Runner(first))
        {
            Assert.True(await runner.TryStartAsync(Task("job-2-t1", module, TestModules.Echo.Length, inputHash, input.Length), Token));
            await Eventually.TrueAsync(() => _server.Puts.Count == OutputUploads.MaxAttempts, "every attempt made");
        }

        Assert.Empty(await ResultsAsync());
        Assert.Single(first.Outputs.Pending);

        _server.PutStatus = HttpStatusCode.Created; // the next start reaches it
        var second = Blobs();
        await using (var restarted = Runner(second))
        {
            await Eventually.TrueAsync(() => restarted.ResultsStored == 1, "the pending output taken up at start");
        }

        var item = Assert.Single(await ResultsAsync());
        var hash = Convert.ToHexStringLower(SHA256.HashData(input));
        Assert.Equal(("job-2-t1", new GatewayTaskOutputBlob(hash, (ulong)input.Length)), (item.TaskId, item.OutputBlob));
        Assert.Equal(input, _server.Stored[hash]);
        Assert.Equal(OutputUploads.MaxAttempts + 1, _server.Puts.Count);
        Assert.Empty(second.Outputs.Pending);
    }

    [Fact]
    public async Task An_output_the_coordinator_refuses_is_reported_as_a_bad_output_with_its_fuel()
    {
        var input = BlobFetcherTests.Blob(seed: 5, chunks: 60, lastChunkShort: false);
        _server.PutStatus = HttpStatusCode.Forbidden; // the assignment is no longer open
        var blobs = Blobs();
        await using var runner = Runner(blobs);

        Assert.True(await runner.TryStartAsync(Task("job-3-t1", _server.Add(TestModules.Echo), TestModules.Echo.Length, _server.Add(input), input.Length), Token));
        await Eventually.TrueAsync(() => runner.ResultsStored == 1, "the result stored");

        var item = Assert.Single(await ResultsAsync());
        Assert.Equal((GatewayTaskStatus.BadOutput, (GatewayTaskOutputBlob?)null), (item.Status, item.OutputBlob));
        Assert.InRange(item.Fuel, 1UL, Fuel - 1);
        Assert.Single(_server.Puts);
        Assert.Empty(blobs.Outputs.Pending);
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

    private WasmTaskRunner Runner(TaskBlobs blobs) =>
        new(_pool, _outbox, _gateway.File.GatewayId, 1 << 20, TimeSpan.FromSeconds(10), TimeProvider.System, NullLogger<WasmTaskRunner>.Instance, blobs);

    private CoordinatorTask Task(string taskId, string moduleHash, int moduleSize, string inputHash, int inputSize) =>
        new(_gateway.File.GatewayId, string.Empty, TaskAssignmentCodec.Encode(new TaskAssignment(
            taskId,
            0,
            _gateway.File.GatewayId,
            new WasmBlobParameters(Convert.FromHexString(moduleHash), (ulong)moduleSize, Convert.FromHexString(inputHash), (ulong)inputSize, ReadOnlyMemory<byte>.Empty, Fuel, 1 << 20),
            OpBudget: 0,
            DeadlineMs: DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds())), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ReadOnlyMemory<byte>.Empty);

    private async Task<List<GatewayTaskResultItem>> ResultsAsync()
    {
        var items = new List<BatchItem>();
        await _outbox.CutBatchAsync(1 << 20, 100, allowEmpty: false, (_, _, batch) => { items.AddRange(batch); return [0]; }, Token);
        return [.. items.OfType<GatewayTaskResultItem>()];
    }
}
