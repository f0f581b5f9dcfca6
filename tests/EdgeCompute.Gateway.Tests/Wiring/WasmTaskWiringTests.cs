using System.Security.Cryptography;
using EdgeCompute.Gateway.Dispatch;
using EdgeCompute.Gateway.Tests.EdgeTasks;
using EdgeCompute.Gateway.Tests.Fixtures;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Gateway.Uplink;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Gateway.Tests.Wiring;

public sealed class WasmTaskWiringTests
{
    private const ulong Fuel = 10_000_000;

    [Fact]
    public async Task A_wasm_task_from_the_coordinator_runs_on_the_gateway_and_its_kind_6_result_arrives_upstream()
    {
        await using var gateway = new TestGateway(devices: 1);
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(50);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url);
        await node.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => node.Uplink.Events[UplinkEvent.Connected] >= 1, "connected to the central broker and subscribed to tasks");

        await fixture.SendTaskAsync("", Assignment(gateway, "job-1-t1", TestModules.ByteSum, [1, 2, 3, 250]), forged: false);
        var first = await ResultAsync(fixture, "job-1-t1");

        Assert.Equal(GatewayTaskStatus.Ok, first.Status);
        Assert.Equal(0u, first.Slot);
        Assert.Equal(BitConverter.GetBytes(256), first.Output.ToArray());
        Assert.InRange(first.Fuel, 1UL, Fuel - 1);

        // The module is cached by its SHA-256 now: a second assignment carries the hash only, and costs the same fuel.
        await fixture.SendTaskAsync("", Assignment(gateway, "job-1-t2", TestModules.ByteSum, [1, 2, 3, 250], inlineModule: false), forged: false);
        var second = await ResultAsync(fixture, "job-1-t2");
        Assert.Equal(GatewayTaskStatus.Ok, second.Status);
        Assert.Equal(first.Output.ToArray(), second.Output.ToArray());
        Assert.Equal(first.Fuel, second.Fuel);
        Assert.Equal(2, node.Dispatcher.Events[DispatchEvent.GatewayTaskStarted]);
    }

    [Fact]
    public async Task An_endless_loop_comes_back_out_of_fuel_and_the_gateway_carries_on()
    {
        await using var gateway = new TestGateway(devices: 1);
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(50);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url);
        await node.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => node.Uplink.Events[UplinkEvent.Connected] >= 1, "connected to the central broker and subscribed to tasks");

        await fixture.SendTaskAsync("", Assignment(gateway, "job-2-t1", TestModules.EndlessLoop, []), forged: false);
        var looped = await ResultAsync(fixture, "job-2-t1");
        Assert.Equal(GatewayTaskStatus.OutOfFuel, looped.Status);
        Assert.Equal(Fuel, looped.Fuel);
        Assert.True(looped.Output.IsEmpty);

        await fixture.SendTaskAsync("", Assignment(gateway, "job-2-t2", TestModules.Echo, [7, 8, 9]), forged: false);
        var echoed = await ResultAsync(fixture, "job-2-t2");
        Assert.Equal(GatewayTaskStatus.Ok, echoed.Status);
        Assert.Equal(new byte[] { 7, 8, 9 }, echoed.Output.ToArray());
        Assert.True(node.IsRunning);
        Assert.Equal(2, node.WasmRunner!.ResultsStored);
    }

    [Fact]
    public async Task A_wasm_task_for_an_uncached_module_sent_by_hash_only_comes_back_bad_input()
    {
        await using var gateway = new TestGateway(devices: 1);
        gateway.Options.Batching.MaxAge = TimeSpan.FromMilliseconds(50);
        await using var fixture = new CoordinatorIngestFixture(gateway.Fleet.Coordinator, gateway.File);
        await fixture.StartAsync();
        var node = gateway.CreateNode(fixture.Url);
        await node.StartAsync(TestContext.Current.CancellationToken);
        await Eventually.TrueAsync(() => node.Uplink.Events[UplinkEvent.Connected] >= 1, "connected to the central broker and subscribed to tasks");

        await fixture.SendTaskAsync("", Assignment(gateway, "job-3-t1", TestModules.Echo, [1], inlineModule: false), forged: false);

        var result = await ResultAsync(fixture, "job-3-t1");
        Assert.Equal(GatewayTaskStatus.BadInput, result.Status);
        Assert.Equal(0UL, result.Fuel);
    }

    private static byte[] Assignment(TestGateway gateway, string taskId, byte[] module, byte[] input, bool inlineModule = true) =>
        TaskAssignmentCodec.Encode(new TaskAssignment(
            taskId,
            0,
            gateway.File.GatewayId,
            new WasmParameters(SHA256.HashData(module), inlineModule ? module : ReadOnlyMemory<byte>.Empty, input, Fuel, 1 << 20),
            OpBudget: 0,
            DeadlineMs: DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()));

    private static async Task<GatewayTaskResultItem> ResultAsync(CoordinatorIngestFixture fixture, string taskId)
    {
        await Eventually.TrueAsync(() => fixture.GatewayTaskResults.Any(r => r.TaskId == taskId), $"the result of {taskId} upstream");
        return fixture.GatewayTaskResults.Single(r => r.TaskId == taskId);
    }
}
