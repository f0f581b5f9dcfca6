using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Reexecution;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Wasm.Host.Running;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>A reported trap fails the job only when the coordinator's own re-execution of that input reproduces it.</summary>
public sealed class TrapReexecutionTests
{
    private const long Fee = 1_000_000;

    /// <summary>One micro-unit per unit of fuel, so what a job is charged for its fuel reads as the fuel itself.</summary>
    private static readonly PriceList OnePerFuel = new() { GatewayFuelPerMillion = 1_000_000, StoragePerMiB = 1 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(WorkWorld World, string Owner, string JobId, List<CoordinatorTask> Issued)> StartAsync(int seed, byte[]? module = null)
    {
        var world = await WorkWorld.CreateAsync(seed: seed, new WorkOptions { Prices = OnePerFuel });
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);
        // inputs: task 0 traps (first byte 0), tasks 1 and 2 run
        var jobId = await world.SubmitAsync(new WasmMapJobSpec(module ?? WasmModules.TrapsOnZero, [[0], [1], [2]], 100_000, 1 << 20), owner, Fee);
        await world.UseCases.Issue.PumpAsync(Ct);
        return (world, owner, jobId, world.Published.All.Where(t => t.Target.Length == 0).ToList());
    }

    private static Task ReportTrapAsync(WorkWorld world, CoordinatorTask task)
    {
        var assignment = TaskAssignmentCodec.Decode(task.Assignment).Value!;
        return world.UseCases.Results.AcceptGatewayResultAsync(new GatewayTaskResultItem(assignment.TaskId, assignment.Slot, GatewayTaskStatus.Trap, 99, ReadOnlyMemory<byte>.Empty),
            task.GatewayId, Ct);
    }

    [Fact]
    public async Task A_trap_the_coordinator_reproduces_fails_the_job_at_once_charged_the_fuel_burnt_to_the_trap_and_refunds_the_rest()
    {
        var (world, owner, jobId, issued) = await StartAsync(61, WasmModules.TrapsOnZeroAtTheEnd);
        await using var _ = world;
        var first = (await world.Store.ReadTasksAsync(jobId, Ct))[0].TaskId;
        var trapping = issued.First(t => TaskAssignmentCodec.Decode(t.Assignment).Value!.TaskId == first);

        await ReportTrapAsync(world, trapping);
        Assert.Equal(JobStatus.Running, (await world.Store.FindJobAsync(jobId, Ct))!.Status); // one report alone decides nothing
        await world.UseCases.Issue.PumpAsync(Ct);

        var job = (await world.Store.FindJobAsync(jobId, Ct))!;
        Assert.True(job.Status == JobStatus.Failed, $"reproduced {world.UseCases.Counters[WorkCounter.TrapReproduced]}, not {world.UseCases.Counters[WorkCounter.TrapNotReproduced]}: {job.Detail}");
        Assert.StartsWith($"the module traps on the input of task {TaskAssignmentCodec.Decode(trapping.Assignment).Value!.TaskId}: the module trapped", job.Detail, StringComparison.Ordinal);
        Assert.Contains("reproduced by the coordinator's re-execution", job.Detail, StringComparison.Ordinal);
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.TrapReproduced]);

        // no path gives free compute: the fuel the module burnt up to its trap (as the coordinator's own run measures it) is
        // charged once for the one node that ran it, with the job's storage; the rest of the escrow comes back
        var (run, _) = WasmReexecutor.Shared.Run(WasmModules.TrapsOnZeroAtTheEnd, [0], 100_000, 1 << 20, Ct);
        Assert.Equal(RunOutcome.Trap, run!.Outcome);
        Assert.True(run.Fuel > 10_000, $"{run.Fuel} fuel burnt before the trap"); // the count to 5,000 before it
        var charge = await world.ChargeOfAsync(jobId, faultUnits: (long)run.Fuel);
        Assert.Equal((long)run.Fuel + job.PriceStorage!.Value, charge.Charged);
        Assert.Equal(Fee - charge.Charged, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        Assert.Equal(charge.Charged, await world.Ledger.ReadBalanceAsync(AccountId.Fees, Ct));
    }

    [Fact]
    public async Task A_trap_the_coordinator_does_not_reproduce_leaves_the_job_running_and_the_task_is_reissued()
    {
        var (world, owner, jobId, issued) = await StartAsync(62);
        await using var _ = world;
        var tasks = await world.Store.ReadTasksAsync(jobId, Ct);
        var lying = issued.First(t => TaskAssignmentCodec.Decode(t.Assignment).Value!.TaskId == tasks[1].TaskId);
        var before = world.Published.All.Count(t => TaskAssignmentCodec.Decode(t.Assignment).Value!.TaskId == tasks[1].TaskId);

        await ReportTrapAsync(world, lying);
        await world.UseCases.Issue.PumpAsync(Ct);

        Assert.Equal(JobStatus.Running, (await world.Store.FindJobAsync(jobId, Ct))!.Status);
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.TrapNotReproduced]);
        Assert.Equal(0, world.UseCases.Counters[WorkCounter.TrapReproduced]);
        Assert.Equal(WorkTaskStatus.Open, (await world.Store.FindTaskAsync(tasks[1].TaskId, Ct))!.Status);
        Assert.True(world.Published.All.Count(t => TaskAssignmentCodec.Decode(t.Assignment).Value!.TaskId == tasks[1].TaskId) > before, "the task was reissued");
        Assert.Equal(Fee - (await world.Store.FindJobAsync(jobId, Ct))!.Fee, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct)); // the quote stays escrowed
    }
}
