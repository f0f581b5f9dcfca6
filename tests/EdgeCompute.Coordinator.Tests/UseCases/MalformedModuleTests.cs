using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>A gateway's Malformed report: deterministic, so it fails the job at the first report when the coordinator's own compilation agrees.</summary>
public sealed class MalformedModuleTests
{
    private const long Fee = 7_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<CoordinatorTask>> IssueAsync(WorkWorld world)
    {
        await world.UseCases.Issue.PumpAsync(Ct);
        var issued = world.Published.All.Where(t => t.Target.Length == 0).ToList();
        Assert.NotEmpty(issued);
        return issued;
    }

    private static Task ReportAsync(WorkWorld world, CoordinatorTask task, GatewayTaskStatus status)
    {
        var assignment = TaskAssignmentCodec.Decode(task.Assignment).Value!;
        return world.UseCases.Results.AcceptGatewayResultAsync(new GatewayTaskResultItem(assignment.TaskId, assignment.Slot, status, 0, ReadOnlyMemory<byte>.Empty), task.GatewayId, Ct);
    }

    [Fact]
    public async Task The_first_Malformed_report_of_a_module_without_exports_fails_the_job_with_the_reason_and_refunds_the_fee()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 51);
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);
        await LegacyJobs.InsertAsync(world, "legacy-1", new WasmMapJobSpec(WasmModules.NoExports, [[1], [2], [3]], 100_000, 1 << 16), owner, Fee);
        Assert.Equal(0, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        var issued = await IssueAsync(world);

        await ReportAsync(world, issued[0], GatewayTaskStatus.Malformed);
        await world.UseCases.Issue.PumpAsync(Ct); // the report is settled at the next pass, outside the engine's lock

        var job = (await world.Store.FindJobAsync("legacy-1", Ct))!;
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.StartsWith("the module is malformed: the module exports no linear memory named `memory` (reported by " + issued[0].GatewayId, job.Detail, StringComparison.Ordinal);
        Assert.Equal(Fee, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.JobFailed]);
        var tasks = await world.Store.ReadTasksAsync("legacy-1", Ct);
        Assert.Equal(1, tasks.Count(t => t.Status == WorkTaskStatus.Failed));

        // Later reports of the other tasks change nothing: the job failed once and was refunded once.
        foreach (var task in issued.Skip(1))
        {
            await ReportAsync(world, task, GatewayTaskStatus.Malformed);
        }

        await world.UseCases.Issue.PumpAsync(Ct);

        Assert.Equal(1, world.UseCases.Counters[WorkCounter.JobFailed]);
        Assert.Equal(Fee, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
    }

    [Fact]
    public async Task A_Malformed_report_of_a_module_the_coordinator_compiles_does_not_fail_the_job()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 52);
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);
        await world.SubmitAsync(new WasmMapJobSpec(WasmModules.Valid, [[1]], 100_000, 1 << 16), owner, Fee);
        var issued = await IssueAsync(world);

        await ReportAsync(world, issued[0], GatewayTaskStatus.Malformed);
        await world.UseCases.Issue.PumpAsync(Ct);

        var job = Assert.Single(await world.Store.ListJobsAsync(JobStatus.Running, 0, 10, Ct));
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.MalformedNotConfirmed]);
        Assert.Equal(0, world.UseCases.Counters[WorkCounter.JobFailed]);
        Assert.Equal(Fee - job.Fee, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct)); // the quote stays escrowed
        Assert.Equal(WorkTaskStatus.Open, Assert.Single(await world.Store.ReadTasksAsync(job.JobId, Ct)).Status);
    }
}
