using EdgeCompute.Coordinator.Domain.Jobs;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;
using EdgeCompute.Coordinator.Domain.Jobs.Kinds.WasmMap;
using EdgeCompute.Coordinator.Domain.Pricing;
using EdgeCompute.Coordinator.Domain.Verification;
using EdgeCompute.Coordinator.Tests.UseCases;

namespace EdgeCompute.Coordinator.Tests.Pricing;

/// <summary>Quotes, charges and the price list: what a job escrows, what it pays and what comes back.</summary>
public sealed class JobPricingTests
{
    [Fact]
    public void A_quote_is_every_tasks_budget_on_every_creditable_replica_at_the_targets_rate_plus_storage_rounded_up()
    {
        var spec = new MonteCarloPiJobSpec(400_000, 50_000, 7) { Verification = new JobVerificationPolicy(VerificationMethod.Quorum, Quorum: 2, Replicas: 3) };
        var plan = JobPlanner.Plan("j-1", spec, []).Plan!;

        var quote = JobQuote.Of(plan, 1_500_000, new PriceList());

        Assert.Equal((10_000L, 3), (quote.Rate, quote.ReplicasCharged)); // device kernels, all three replicas of a 2-of-3 may agree
        Assert.Equal(400_000L * 3 * 10_000 / 1_000_000, quote.Compute);
        Assert.Equal(1_431L, quote.Storage); // 1.43 MiB at 1,000 per MiB, rounded up
        Assert.Equal(quote.Compute + quote.Storage, quote.Total);
    }

    [Fact]
    public void Gateway_work_is_quoted_at_the_fuel_rate_and_sampled_re_execution_charges_one_replica()
    {
        var spec = new WasmMapJobSpec(WasmModules.Valid, [[1], [2]], 1_000_000, 1 << 16) { Verification = new JobVerificationPolicy(VerificationMethod.SampledReExecution) };
        var plan = JobPlanner.Plan("j-2", spec, []).Plan!;

        var quote = JobQuote.Of(plan, 100, new PriceList { GatewayFuelPerMillion = 300 });

        Assert.Equal((300L, 1), (quote.Rate, quote.ReplicasCharged));
        Assert.Equal(2 * 300L, quote.Compute);
        Assert.Equal(1L, quote.Storage);
    }

    [Theory]
    [InlineData(10_000L, 100L, 7L, 0L, 7L)] // nothing credited: the storage alone
    [InlineData(10_000L, 100L, 7L, 1L, 8L)] // one unit still costs a whole micro-unit
    [InlineData(10_000L, 100L, 7L, 200_000L, 27L)]
    [InlineData(30L, 100L, 7L, 1_000_000L, 30L)] // never more than the escrow
    [InlineData(1L, 0L, 0L, long.MaxValue, 0L)] // a free rate charges nothing for the work
    public void A_charge_and_its_refund_add_up_to_the_escrow(long escrowed, long rate, long storage, long units, long charged)
    {
        var charge = JobCharge.Of(escrowed, rate, storage, units);

        Assert.Equal(charged, charge.Charged);
        Assert.Equal(escrowed, charge.Charged + charge.Refunded);
    }

    [Theory]
    [InlineData(10_000L, true, 0, 0, 10_000L)]
    [InlineData(10_000L, false, 0, 0, 0L)]
    [InlineData(10_000L, false, 3, 8, 3_750L)]
    [InlineData(10_000L, false, 1, 3, 3_333L)]
    [InlineData(long.MaxValue, false, 7, 7, long.MaxValue)]
    public void An_older_jobs_flat_fee_is_settled_whole_refunded_whole_or_split_by_its_verified_tasks(long fee, bool completed, int verified, int total, long charged)
    {
        var charge = JobCharge.Flat(fee, completed, verified, total);

        Assert.Equal(charged, charge.Charged);
        Assert.Equal(fee, charge.Charged + charge.Refunded);
    }

    [Fact]
    public void A_price_list_refuses_negative_rates_and_free_storage()
    {
        Assert.Null(new PriceList().Validate());
        Assert.Null(new PriceList { DeviceOpsPerMillion = 0, GatewayFuelPerMillion = 0 }.Validate());
        Assert.Contains("DeviceOpsPerMillion", new PriceList { DeviceOpsPerMillion = -1 }.Validate(), StringComparison.Ordinal);
        Assert.Contains("StoragePerMiB must be at least 1", new PriceList { StoragePerMiB = 0 }.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_by_hash_stores_its_module_and_each_distinct_input_once()
    {
        var spec = new WasmMapJobSpec(1_000, 1 << 16, moduleSha256: new string('a', 64), inputSha256: [new string('b', 64), new string('c', 64), new string('b', 64)])
        {
            Blobs = new WasmMapBlobs(new byte[5_000], [300, 200, 300]),
        };

        Assert.Equal(5_000 + 300 + 200, JobStorage.BytesOf(spec));
    }
}
