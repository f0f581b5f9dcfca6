using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Tasking;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>
/// Stores a job as a coordinator before the submit-time module check stored it: escrowed and split into tasks, its module
/// never compiled. The way a job with a malformed module still reaches gateways.
/// </summary>
internal static class LegacyJobs
{
    public static async Task InsertAsync(WorkWorld world, string jobId, JobSpec spec, string submitter, long fee)
    {
        var ct = TestContext.Current.CancellationToken;
        var plan = JobPlanner.Plan(jobId, spec, []);
        Assert.True(plan.IsSuccess, plan.Detail);
        var escrow = await world.Ledger.AppendAsync([JobFunds.Escrow(jobId, AccountId.Owner(submitter), fee, 0)], cancellationToken: ct);
        Assert.True(escrow.IsSuccess, escrow.ReasonCode.ToString());
        var now = world.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var job = new JobRecord(jobId, JobKinds.Of(spec).Name, JobJson.Serialize(spec), submitter, fee, JobStatus.Running, null, now, null, "legacy");
        var tasks = plan.Plan!.Tasks.Select(t => new TaskRecord(t.TaskId, jobId, t.Index, t.Parameters.Kernel, TaskTemplate.Encode(t), WorkTaskStatus.Open, null, null, 0)).ToList();
        Assert.True(await world.Store.InsertJobAsync(job, tasks, ct));
    }
}
