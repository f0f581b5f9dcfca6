using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.Tasking;

/// <summary>Cancelling a job: the status first, then the escrow split exactly between verified work and the submitter.</summary>
public sealed class CancelJobTests
{
    private const long Fee = 10_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MonteCarloPiJobSpec EightTasks() =>
        new(400_000, 50_000, 7) { Verification = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 2) };

    /// <summary>Answers the published device tasks of the first <paramref name="taskCount"/> tasks (every replica) and returns the rest.</summary>
    private static async Task<List<Protocol.Coordinator.CoordinatorTask>> AnswerFirstTasksAsync(WorkWorld world, string jobId, int taskCount)
    {
        var tasks = await world.Store.ReadTasksAsync(jobId, Ct);
        var chosen = tasks.Take(taskCount).Select(t => t.TaskId).ToHashSet(StringComparer.Ordinal);
        var rest = new List<Protocol.Coordinator.CoordinatorTask>();
        while (world.Published.Tasks.TryDequeue(out var task))
        {
            if (chosen.Contains(TaskAssignmentCodec.Decode(task.Assignment).Value!.TaskId))
            {
                await world.AnswerAsync(task);
            }
            else
            {
                rest.Add(task);
            }
        }

        return rest;
    }

    [Fact]
    public async Task Cancel_pays_the_verified_share_refunds_the_rest_exactly_and_no_result_after_it_is_verified_or_paid()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 71);
        var owner = world.Owner(0);
        await world.FundAsync(owner, Fee);
        var jobId = await world.SubmitAsync(EightTasks(), owner, Fee);
        await world.Engine.PumpAsync(Ct);
        var late = await AnswerFirstTasksAsync(world, jobId, 3);
        Assert.NotEmpty(late);
        Assert.Equal(3, (await world.Store.CountVerifiedTasksAsync(jobId, Ct)).Verified);

        var result = await world.Engine.CancelAsync(jobId, "owner " + owner, Ct);

        Assert.Equal(CancelReason.Cancelled, result.Reason);
        Assert.Equal((3, 8, 3_750L, 6_250L), (result.VerifiedTasks, result.TotalTasks, result.Paid, result.Refunded));
        var job = (await world.Store.FindJobAsync(jobId, Ct))!;
        Assert.Equal(JobStatus.Cancelled, job.Status);
        var tasks = await world.Store.ReadTasksAsync(jobId, Ct);
        Assert.Equal((3, 5), (tasks.Count(t => t.Status == WorkTaskStatus.Verified), tasks.Count(t => t.Status == WorkTaskStatus.Cancelled)));
        Assert.Equal(6_250, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        Assert.Equal(3_750, await world.Ledger.ReadBalanceAsync(AccountId.Fees, Ct));
        Assert.Equal(0, await world.Ledger.ReadBalanceAsync(AccountId.Escrow(jobId), Ct));
        Assert.Equal(1, world.Engine.Counters[WorkCounter.JobCancelled]);

        // Results of the assignments that were open at the cancel arrive afterwards: recorded, never verified nor paid.
        var creditsBefore = await world.Store.ReadWorkCreditsAsync(0, long.MaxValue, Ct);
        foreach (var task in late)
        {
            await world.AnswerAsync(task);
        }

        await world.Engine.PumpAsync(Ct);
        Assert.Empty(world.Published.Tasks);
        Assert.Equal(3, (await world.Store.CountVerifiedTasksAsync(jobId, Ct)).Verified);
        Assert.Equal(creditsBefore.Count, (await world.Store.ReadWorkCreditsAsync(0, long.MaxValue, Ct)).Count);
        Assert.Equal(6_250, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));

        // A retried cancel changes nothing and reports the same split.
        var again = await world.Engine.CancelAsync(jobId, "owner " + owner, Ct);
        Assert.Equal(CancelReason.AlreadyCancelled, again.Reason);
        Assert.Equal((3_750L, 6_250L), (again.Paid, again.Refunded));
        Assert.Equal(6_250, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));

        // Reconciling books nothing more, and the chain verifies.
        Assert.Equal(0, await world.Engine.ReconcileFundsAsync(Ct));
        using var key = P256Keys.ImportPublicKey(world.Registry.CoordinatorPublicKey);
        var audit = await LedgerAudit.VerifyAsync(world.Ledger, key, cancellationToken: Ct);
        Assert.True(audit.IsValid, audit.Detail);
    }

    [Fact]
    public async Task Cancel_before_any_work_refunds_the_whole_fee_and_closes_every_open_assignment()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 72);
        var owner = world.Owner(1);
        await world.FundAsync(owner, Fee);
        var jobId = await world.SubmitAsync(EightTasks(), owner, Fee);
        await world.Engine.PumpAsync(Ct);
        var issued = world.Published.All.Count;
        Assert.True(issued > 0);

        var result = await world.Engine.CancelAsync(jobId, "the operator", Ct);

        Assert.Equal((0L, Fee), (result.Paid, result.Refunded));
        Assert.Equal(Fee, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        foreach (var task in await world.Store.ReadTasksAsync(jobId, Ct))
        {
            Assert.DoesNotContain(await world.Store.ReadAssignmentsAsync(task.TaskId, Ct), a => a.State == AssignmentState.Issued);
        }
    }

    [Fact]
    public async Task A_finished_job_cannot_be_cancelled_and_an_unknown_one_is_not_found()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 73);
        var owner = world.Owner(2);
        await world.FundAsync(owner, Fee);
        var jobId = await world.SubmitAsync(EightTasks(), owner, Fee);
        await world.RunUntilDoneAsync();
        Assert.Equal(JobStatus.Completed, (await world.Store.FindJobAsync(jobId, Ct))!.Status);

        Assert.Equal(CancelReason.Finished, (await world.Engine.CancelAsync(jobId, "the operator", Ct)).Reason);
        Assert.Equal(CancelReason.NotFound, (await world.Engine.CancelAsync("no-such-job", "the operator", Ct)).Reason);
        Assert.Equal(0, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
    }

    [Theory]
    [InlineData(10_000L, 3, 8, 3_750L)]
    [InlineData(10_000L, 1, 3, 3_333L)]
    [InlineData(1L, 1, 2, 0L)]
    [InlineData(long.MaxValue, 7, 7, long.MaxValue)]
    public void The_cancel_split_adds_up_to_the_fee(long fee, int verified, int total, long paid)
    {
        var split = JobFunds.CancelSplit(fee, verified, total);

        Assert.Equal(paid, split.Paid);
        Assert.Equal(fee, split.Paid + split.Refunded);
    }
}
