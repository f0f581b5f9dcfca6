using EdgeCompute.Coordinator.Domain.Blobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>A reported trap in a <c>wasm.blob</c> task is re-executed from the blob store, input by hash or inline, like a <c>wasm</c> task's.</summary>
public sealed class BlobTaskTrapTests
{
    private const long Fee = 7_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> UploadAsync(WorkWorld world, string owner, byte[] bytes)
    {
        var put = await world.Blobs.PutAsync(owner, BlobHash.Of(bytes), new MemoryStream(bytes), BlobLimits.DefaultQuotaBytes, Ct);
        Assert.True(put.IsHeld, put.Detail);
        return put.Manifest!.Sha256;
    }

    [Theory]
    [InlineData(0, true)] // input 0 (2,000 bytes, first byte 0) goes by hash and traps
    [InlineData(1, false)] // input 1 (one byte, 1) travels inline and runs
    public async Task A_reported_trap_fails_the_job_only_when_re_executing_the_blob_task_reproduces_it(int reported, bool reproduced)
    {
        await using var world = await WorkWorld.CreateAsync(seed: 71 + reported);
        foreach (var gateway in world.Fleet.Coordinator.Gateways)
        {
            var attached = world.Fleet.Coordinator.Devices.Where(d => d.GatewayId == gateway.Id).Select(d => d.Id).ToList();
            world.Nodes.GatewayBirth(new GatewayBirth(gateway.Id, 2, WorkWorld.T0, 4, 1L << 30, true, attached, "u4pruyd", [KernelNames.WasmBlob]));
        }

        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);
        var module = await UploadAsync(world, owner, WasmModules.TrapsOnZero);
        var inputs = new[] { await UploadAsync(world, owner, new byte[2_000]), await UploadAsync(world, owner, [1]) };
        var jobId = await world.SubmitAsync(new WasmMapJobSpec(100_000, 1 << 20, moduleSha256: module, inputSha256: inputs), owner, Fee);
        await world.UseCases.Issue.PumpAsync(Ct);
        var task = (await world.Store.ReadTasksAsync(jobId, Ct))[reported];
        var issued = world.Published.All.First(t => TaskAssignmentCodec.Decode(t.Assignment).Value!.TaskId == task.TaskId);
        var assignment = TaskAssignmentCodec.Decode(issued.Assignment).Value!;
        Assert.Equal(reported == 0, ((WasmBlobParameters)assignment.Parameters).InputByHash);

        await world.UseCases.Results.AcceptGatewayResultAsync(new GatewayTaskResultItem(assignment.TaskId, assignment.Slot, GatewayTaskStatus.Trap, 99, ReadOnlyMemory<byte>.Empty),
            issued.GatewayId, Ct);
        await world.UseCases.Issue.PumpAsync(Ct);

        var job = (await world.Store.FindJobAsync(jobId, Ct))!;
        Assert.Equal(reproduced ? JobStatus.Failed : JobStatus.Running, job.Status);
        Assert.Equal((reproduced ? 1 : 0, reproduced ? 0 : 1), (world.UseCases.Counters[WorkCounter.TrapReproduced], world.UseCases.Counters[WorkCounter.TrapNotReproduced]));
    }
}
