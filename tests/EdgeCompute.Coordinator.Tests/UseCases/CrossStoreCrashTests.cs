using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Work;
using EdgeCompute.Coordinator.UseCases;
using EdgeCompute.Tests;

namespace EdgeCompute.Coordinator.Tests.UseCases;

/// <summary>
/// A crash between the work store's commit and the ledger's (separate SQLite files by default): the job's finished state
/// is durable first, the booking is keyed by the job (<c>job:{id}:fee</c>, <c>job:{id}:refund</c>), and reconciliation at
/// start books what is missing exactly once (coordinator README, "Writes across stores").
/// </summary>
public sealed class CrossStoreCrashTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.Failed)]
    public async Task A_job_finished_in_the_work_store_but_not_booked_is_booked_once_at_reconciliation(JobStatus status)
    {
        var seed = TestSeed.Pick(4401);
        await using var world = await WorkWorld.CreateAsync(seed);
        var owner = world.Owner(0);
        await world.FundAsync(owner, 10_000);
        var jobId = await world.SubmitAsync(new PrimesJobSpec(0, 1_000, 1_000), owner, fee: 2_500);

        // The crash: the work store committed the job's end, the process died before the ledger booked it.
        Assert.True(await world.Store.FinishJobAsync(jobId, status, status == JobStatus.Completed ? "{}" : null, WorkWorld.T0 + 1, "finished before the crash", Ct));
        Assert.Null(await world.Ledger.FindByIdempotencyKeyAsync(JobFunds.FeeKey(jobId), Ct));
        Assert.Null(await world.Ledger.FindByIdempotencyKeyAsync(JobFunds.RefundKey(jobId), Ct));

        // nothing was verified: the charge is the job's storage, the rest of its quote goes back — two bookings, once
        Assert.Equal(2, await world.UseCases.Settlement.ReconcileFundsAsync(Ct));
        Assert.Equal(0, await world.UseCases.Settlement.ReconcileFundsAsync(Ct));

        var job = (await world.Store.FindJobAsync(jobId, Ct))!;
        var charged = (await world.Ledger.FindByIdempotencyKeyAsync(JobFunds.FeeKey(jobId), Ct))!.Postings.Single(p => p.Amount > 0);
        var refunded = (await world.Ledger.FindByIdempotencyKeyAsync(JobFunds.RefundKey(jobId), Ct))!.Postings.Single(p => p.Amount > 0);
        Assert.Equal((AccountKind.Fees, job.PriceStorage!.Value), (charged.Account.Kind, charged.Amount));
        Assert.Equal((AccountKind.Owner, job.Fee - job.PriceStorage.Value), (refunded.Account.Kind, refunded.Amount));
        Assert.Equal(0, await world.Ledger.ReadBalanceAsync(AccountId.Escrow(jobId), Ct));
    }

    [Fact]
    public async Task An_escrow_booked_before_a_crash_that_lost_its_job_is_taken_over_by_the_resubmission_in_a_later_epoch_and_held_once()
    {
        await using var world = await WorkWorld.CreateAsync(TestSeed.Pick(4402));
        var owner = world.Owner(0);
        await world.FundAsync(owner, 100_000);
        var spec = new PrimesJobSpec(0, 1_000, 1_000);
        var probe = (await world.Store.FindJobAsync(await world.SubmitAsync(spec, owner, fee: 2_500), Ct))!; // the quote this spec gets
        var before = await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct);

        // The crash: the ledger committed the escrow (epoch 0), the process died before the work store stored the job.
        Assert.True((await world.Ledger.AppendAsync([JobFunds.Escrow("j-crashed", AccountId.Owner(owner), probe.Fee, 0)], cancellationToken: Ct)).IsSuccess);
        world.Clock.Advance(TimeSpan.FromHours(3)); // resubmitted epochs later
        var again = await world.UseCases.Intake.SubmitAsync(new JobSubmission(spec, owner, 2_500, "j-crashed"), Ct);

        Assert.Equal(SubmitReason.Accepted, again.Reason);
        Assert.Equal(JobStatus.Running, (await world.Store.FindJobAsync("j-crashed", Ct))!.Status);
        Assert.Equal(before - probe.Fee, await world.Ledger.ReadBalanceAsync(AccountId.Owner(owner), Ct)); // held once
        Assert.Equal(probe.Fee, await world.Ledger.ReadBalanceAsync(AccountId.Escrow("j-crashed"), Ct));
    }

    [Fact]
    public async Task An_escrow_left_under_a_job_id_by_another_submitter_refuses_the_job_id_and_books_nothing()
    {
        await using var world = await WorkWorld.CreateAsync(TestSeed.Pick(4403));
        var (first, second) = (world.Owner(0), world.Owner(1));
        await world.FundAsync(first, 100_000);
        await world.FundAsync(second, 100_000);
        Assert.True((await world.Ledger.AppendAsync([JobFunds.Escrow("j-taken", AccountId.Owner(first), 1_234, 0)], cancellationToken: Ct)).IsSuccess);

        var refused = await world.UseCases.Intake.SubmitAsync(new JobSubmission(new PrimesJobSpec(0, 1_000, 1_000), second, 2_500, "j-taken"), Ct);

        Assert.Equal((SubmitReason.DuplicateJobId, "jobId"), (refused.Reason, refused.Field));
        Assert.Null(await world.Store.FindJobAsync("j-taken", Ct));
        Assert.Equal(100_000, await world.Ledger.ReadBalanceAsync(AccountId.Owner(second), Ct));
        Assert.Equal(1_234, await world.Ledger.ReadBalanceAsync(AccountId.Escrow("j-taken"), Ct));
    }
}
