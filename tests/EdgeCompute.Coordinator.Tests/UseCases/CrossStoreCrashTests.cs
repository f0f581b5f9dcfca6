using EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;
using EdgeCompute.Coordinator.Domain.Ledger;
using EdgeCompute.Coordinator.Domain.Work;
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
        Assert.Equal(2, await world.Engine.Settlement.ReconcileFundsAsync(Ct));
        Assert.Equal(0, await world.Engine.Settlement.ReconcileFundsAsync(Ct));

        var job = (await world.Store.FindJobAsync(jobId, Ct))!;
        var charged = (await world.Ledger.FindByIdempotencyKeyAsync(JobFunds.FeeKey(jobId), Ct))!.Postings.Single(p => p.Amount > 0);
        var refunded = (await world.Ledger.FindByIdempotencyKeyAsync(JobFunds.RefundKey(jobId), Ct))!.Postings.Single(p => p.Amount > 0);
        Assert.Equal((AccountKind.Fees, job.PriceStorage!.Value), (charged.Account.Kind, charged.Amount));
        Assert.Equal((AccountKind.Owner, job.Fee - job.PriceStorage.Value), (refunded.Account.Kind, refunded.Amount));
        Assert.Equal(0, await world.Ledger.ReadBalanceAsync(AccountId.Escrow(jobId), Ct));
    }
}
