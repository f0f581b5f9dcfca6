using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Tasking;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>Cancelling a job: the status first, then the escrow split exactly between what the verified work and storage cost and the submitter.</summary>
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
        await world.UseCases.Issue.PumpAsync(Ct);
        var late = await AnswerFirstTasksAsync(world, jobId, 3);
        Assert.NotEmpty(late);
        Assert.Equal(3, (await world.Store.CountVerifiedTasksAsync(jobId, Ct)).Verified);

        var result = await world.UseCases.Cancel.CancelAsync(jobId, "owner " + owner, Ct);

        // charged: the 3 verified tasks' 50,000 samples on both credited replicas at the device rate, plus the job's storage
        var job = (await world.Store.FindJobAsync(jobId, Ct))!;
        var charged = (3 * 2 * 50_000 * world.UseCases.Intake.Prices.DeviceOpsPerMillion / 1_000_000) + job.PriceStorage!.Value;
        var refunded = job.Fee - charged;
        Assert.Equal(CancelReason.Cancelled, result.Reason);
        Assert.Equal((3, 8, charged, refunded), (result.VerifiedTasks, result.TotalTasks, result.Paid, result.Refunded));
        Assert.Equal(JobStatus.Cancelled, job.Status);
        Assert.Equal(3 * 2 * 50_000, job.ChargedUnits);
        var tasks = await world.Store.ReadTasksAsync(jobId, Ct);
        Assert.Equal((3, 5), (tasks.Count(t => t.Status == WorkTaskStatus.Verified), tasks.Count(t => t.Status == WorkTaskStatus.Cancelled)));
        Assert.Equal(Fee - charged, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
        Assert.Equal(charged, await world.Ledger.ReadBalanceAsync(AccountId.Fees, Ct));
        Assert.Equal(0, await world.Ledger.ReadBalanceAsync(AccountId.Escrow(jobId), Ct));
        Assert.Equal(1, world.UseCases.Counters[WorkCounter.JobCancelled]);

        // Results of the assignments that were open at the cancel arrive afterwards: recorded, never verified nor paid.
        var creditsBefore = await world.Store.ReadWorkCreditsAsync(0, long.MaxValue, Ct);
        foreach (var task in late)
        {
            await world.AnswerAsync(task);
        }

        await world.UseCases.Issue.PumpAsync(Ct);
        Assert.Empty(world.Published.Tasks);
        Assert.Equal(3, (await world.Store.CountVerifiedTasksAsync(jobId, Ct)).Verified);
        Assert.Equal(creditsBefore.Count, (await world.Store.ReadWorkCreditsAsync(0, long.MaxValue, Ct)).Count);
        Assert.Equal(Fee - charged, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));

        // A retried cancel changes nothing and reports the same split.
        var again = await world.UseCases.Cancel.CancelAsync(jobId, "owner " + owner, Ct);
        Assert.Equal(CancelReason.AlreadyCancelled, again.Reason);
        Assert.Equal((charged, refunded), (again.Paid, again.Refunded));
        Assert.Equal(Fee - charged, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));

        // Reconciling books nothing more, and the chain verifies.
        Assert.Equal(0, await world.UseCases.Settlement.ReconcileFundsAsync(Ct));
        using var key = P256Keys.ImportPublicKey(world.Registry.CoordinatorPublicKey);
        var audit = await LedgerAudit.VerifyAsync(world.Ledger, key, cancellationToken: Ct);
        Assert.True(audit.IsValid, audit.Detail);
    }

    [Fact]
    public async Task Cancel_before_any_work_charges_only_the_storage_and_closes_every_open_assignment()
    {
        await using var world = await WorkWorld.CreateAsync(seed: 72);
        var owner = world.Owner(1);
        await world.FundAsync(owner, Fee);
        var jobId = await world.SubmitAsync(EightTasks(), owner, Fee);
        await world.UseCases.Issue.PumpAsync(Ct);
        var issued = world.Published.All.Count;
        Assert.True(issued > 0);

        var result = await world.UseCases.Cancel.CancelAsync(jobId, "the operator", Ct);

        var job = (await world.Store.FindJobAsync(jobId, Ct))!;
        Assert.Equal((job.PriceStorage!.Value, job.Fee - job.PriceStorage.Value), (result.Paid, result.Refunded));
        Assert.Equal(Fee - job.PriceStorage.Value, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct));
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

        Assert.Equal(CancelReason.Finished, (await world.UseCases.Cancel.CancelAsync(jobId, "the operator", Ct)).Reason);
        Assert.Equal(CancelReason.NotFound, (await world.UseCases.Cancel.CancelAsync("no-such-job", "the operator", Ct)).Reason);
        var job = (await world.Store.FindJobAsync(jobId, Ct))!;
        var spent = Fee - await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct);
        Assert.Equal(JobCharge.Of(job.Fee, job.PriceRate!.Value, job.PriceStorage!.Value, job.ChargedUnits!.Value).Charged, spent);
    }
}
