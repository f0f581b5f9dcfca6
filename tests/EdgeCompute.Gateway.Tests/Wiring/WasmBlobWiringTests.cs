using System.Buffers.Binary;
using EdgeCompute.Gateway.Tests.EdgeTasks;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Tests;

namespace EdgeCompute.Gateway.Tests.Wiring;

public sealed class WasmBlobWiringTests
{
    /// <summary>Sums its input bytes into 4 bytes; 4 MiB of memory, the input placed at 64 KiB.</summary>
    private static readonly byte[] LargeInputSum = Wasmtime.Module.ConvertText("""
        (module
          (memory (export "memory") 64 64)
          (func (export "alloc") (param i32) (result i32) (i32.const 65536))
          (func (export "run") (param $in i32) (param $len i32) (result i64)
            (local $i i32) (local $sum i32)
            (block $done (loop $next
              (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
              (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.add (local.get $in) (local.get $i)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
            (i32.store (i32.const 0) (local.get $sum))
            (i64.const 4)))
        """);

    [Fact]
    public async Task A_gateway_with_the_api_in_its_file_offers_wasm_blob_fetches_over_http_and_sends_the_result_upstream()
    {
        await using var gateway = new TestGateway(devices: 1);
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(50);
        using var blobs = new HttpBlobServer(gateway.File.GatewayId, gateway.File.BrokerPassword);
        var file = gateway.File with { Api = blobs.Url };
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, file);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url, file: file);
        await node.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => node.Uplink.Events[UplinkEvent.Connected] >= 1 && fixture.LastBirth is not null, "connected, birth published");
        Assert.Equal([KernelNames.WasmBlob], fixture.LastBirth!.Kernels);

        var input = new byte[(3 << 20) / 2]; // 1.5 MiB: two chunks
        TestSeed.Random(1631).NextBytes(input);
        var module = blobs.Add(LargeInputSum);
        var inputHash = blobs.Add(input);
        await fixture.SendTaskAsync("", Assignment(file.GatewayId, "job-7-t1", module, LargeInputSum.Length, inputHash, input.Length), forged: false);

        await Eventually.TrueAsync(() => fixture.GatewayTaskResults.Any(r => r.TaskId == "job-7-t1"), "the result upstream");
        var result = fixture.GatewayTaskResults.Single(r => r.TaskId == "job-7-t1");
        Assert.Equal(GatewayTaskStatus.Ok, result.Status);
        Assert.Equal(input.Sum(b => b), BinaryPrimitives.ReadInt32LittleEndian(result.Output.Span));
        Assert.Equal(
            [$"GET /api/blobs/{module}/chunks", $"GET /api/blobs/{module} bytes=0-{LargeInputSum.Length - 1}",
             $"GET /api/blobs/{inputHash}/chunks", $"GET /api/blobs/{inputHash} bytes=0-1048575", $"GET /api/blobs/{inputHash} bytes=1048576-1572863"],
            blobs.Requests);
        Assert.True(File.Exists(Path.Combine(gateway.Folder, "blobs", "modules", module)));
        Assert.True(File.Exists(Path.Combine(gateway.Folder, "blobs", "inputs", inputHash)));
    }

    [Fact]
    public async Task A_gateway_without_an_api_address_does_not_offer_wasm_blob()
    {
        await using var gateway = new TestGateway(devices: 1);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url);
        await node.StartAsync(TestContext.Current.CancellationToken);

        await Eventually.TrueAsync(() => fixture.LastBirth is not null, "birth published");
        Assert.Empty(fixture.LastBirth!.Kernels);
        Assert.True(fixture.LastBirth.WasmSupport);
    }

    private static byte[] Assignment(string gatewayId, string taskId, string module, int moduleSize, string input, int inputSize) =>
        TaskAssignmentCodec.Encode(new TaskAssignment(
            taskId,
            0,
            gatewayId,
            new WasmBlobParameters(Convert.FromHexString(module), (ulong)moduleSize, Convert.FromHexString(input), (ulong)inputSize, ReadOnlyMemory<byte>.Empty, 100_000_000, 4 << 20),
            OpBudget: 0,
            DeadlineMs: DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()));
}
