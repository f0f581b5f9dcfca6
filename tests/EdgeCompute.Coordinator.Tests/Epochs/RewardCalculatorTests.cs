using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using static EdgeCompute.Coordinator.Tests.Epochs.EpochFixtures;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public class RewardCalculatorTests
{
    // Pot 1,000,001 split 80:20: work 800,000.8 -> 800,000 r80, data 200,000.2 -> 200,000 r20; the one unit left
    // goes to the larger remainder (work): 800,001 / 200,000.
    [Fact]
    public void Pot_is_split_between_work_and_data_by_weight_to_the_unit()
    {
        var plan = new RewardCalculator(Policy(emission: 1_000_001)).Calculate(
            Epoch0, Inputs([Work("A", 1)], [Data("B", "b1", 1)]));

        Assert.Equal((800_001L, 200_000L), (plan.WorkPool, plan.DataPool));
        Assert.Equal(800_001, plan.AmountOf("A"));
        Assert.Equal(200_000, plan.AmountOf("B"));
    }

    // Pot = emission 1,000,000 + fees 3,000 + 2,000 of jobs verified in the epoch; the 7,000 fee verified in the
    // next epoch belongs to that epoch.
    [Fact]
    public void Pot_is_emission_plus_fees_of_jobs_verified_in_the_epoch()
    {
        VerifiedJobFee[] fees =
        [
            new("j1", 3_000, Genesis.AddMinutes(1)),
            new("j2", 2_000, Genesis.AddMinutes(59)),
            new("j3", 7_000, Genesis.AddHours(1)),
        ];
        var plan = new RewardCalculator(Policy()).Calculate(Epoch0, Inputs([Work("A", 5)], fees: fees));

        Assert.Equal(5_000, plan.Fees);
        Assert.Equal(1_005_000, plan.Pot);
        Assert.Equal(1_005_000, plan.AmountOf("A"));
        Assert.Contains(plan.Adjustments, a => a.Reason == AdjustmentReason.BookedInAnotherEpoch);
    }

    [Fact]
    public void Credits_are_booked_in_the_epoch_in_which_verification_committed()
    {
        var credits = new[] { Work("A", 10, minute: 0), Work("B", 10, minute: 60), Work("C", 10, minute: 119) };
        var calculator = new RewardCalculator(Policy());

        var first = calculator.Calculate(Epoch0, Inputs(credits));
        var second = calculator.Calculate(new EpochWindow(1, Genesis.AddHours(1), Genesis.AddHours(2)), Inputs(credits));

        Assert.Equal(["A"], first.Payouts.Select(p => p.Owner));
        Assert.Equal(["B", "C"], second.Payouts.Select(p => p.Owner));
    }

    // Data pool 1,000,000 (no work credits, so the work pool moves to data), devices A/d1 600, A/d2 300, B/d3 100
    // readings, cap 400,000 per device. Proportional: 600,000 / 300,000 / 100,000 -> d1 capped at 400,000;
    // 600,000 left for d2:d3 = 300:100 -> 450,000 / 150,000 -> d2 capped at 400,000; 200,000 left -> d3.
    // Owners: A = 800,000, B = 200,000; nothing carried.
    [Fact]
    public void Data_rewards_are_capped_per_device_and_the_rest_goes_to_uncapped_devices()
    {
        var policy = Policy() with { DataRewardCapPerDevice = 400_000 };
        var plan = new RewardCalculator(policy).Calculate(
            Epoch0, Inputs(data: [Data("A", "d1", 600), Data("A", "d2", 300), Data("B", "d3", 100)]));

        Assert.Equal(800_000, plan.AmountOf("A"));
        Assert.Equal(200_000, plan.AmountOf("B"));
        Assert.Equal(0, plan.Carried);
        var capped = plan.Adjustments.Where(a => a.Reason == AdjustmentReason.DataCapApplied).ToList();
        Assert.Equal(["A/d1"], capped.Select(a => a.Subject));
        Assert.Equal(-200_000, capped[0].Amount);
    }

    // Two devices 50:50 of a 1,000,000 data pool with a cap of 300,000 each: 400,000 cannot be placed and is carried.
    [Fact]
    public void Data_pool_that_every_device_is_capped_out_of_is_carried()
    {
        var policy = Policy() with { DataRewardCapPerDevice = 300_000 };
        var plan = new RewardCalculator(policy).Calculate(Epoch0, Inputs(data: [Data("A", "d1", 5), Data("B", "d2", 5)]));

        Assert.Equal([300_000, 300_000], plan.Payouts.Select(p => p.Amount));
        Assert.Equal(400_000, plan.Carried);
        Assert.True(plan.IsBalanced);
    }

    [Fact]
    public void Data_from_unapproved_devices_earns_nothing()
    {
        var plan = new RewardCalculator(Policy()).Calculate(
            Epoch0, Inputs([Work("A", 1)], [Data("B", "rogue", 1_000, approved: false), Data("C", "ok", 1)]));

        Assert.DoesNotContain(plan.Payouts, p => p.Owner == "B");
        Assert.Equal(200_000, plan.AmountOf("C"));
        Assert.Contains(plan.Adjustments, a => a.Reason == AdjustmentReason.DeviceNotApproved && a.Subject == "B/rogue");
    }

    // No credits at all: emission 1,000,000 + fee 500 = 1,000,500, all carried to system:emission, nobody paid.
    [Fact]
    public void Zero_credit_epoch_carries_the_whole_pot()
    {
        var plan = new RewardCalculator(Policy()).Calculate(
            Epoch0, Inputs(fees: [new VerifiedJobFee("j", 500, Genesis.AddMinutes(3))]));

        Assert.Empty(plan.Payouts);
        Assert.Equal(1_000_500, plan.Pot);
        Assert.Equal(1_000_500, plan.Carried);
        Assert.Equal("system:emission", plan.CarryAccount);
        Assert.Contains(plan.Adjustments, a => a.Reason == AdjustmentReason.NoCredits && a.Amount == 1_000_500);
        Assert.True(plan.IsBalanced);
    }

    [Fact]
    public void Work_credits_of_one_owner_are_summed_across_devices()
    {
        var plan = new RewardCalculator(Policy()).Calculate(
            Epoch0, Inputs([Work("A", 1, device: "x"), Work("A", 2, device: "y"), Work("B", 1)]));

        Assert.Equal(750_000, plan.AmountOf("A"));
        Assert.Equal(250_000, plan.AmountOf("B"));
    }

    [Fact]
    public void Rejects_negative_credits_and_malformed_owner_ids()
    {
        var calculator = new RewardCalculator(Policy());

        Assert.Throws<ArgumentOutOfRangeException>(() => calculator.Calculate(Epoch0, Inputs([Work("A", -1)])));
        Assert.Throws<ArgumentException>(() => calculator.Calculate(Epoch0, Inputs([Work("", 1)])));
        Assert.Throws<ArgumentException>(() => calculator.Calculate(Epoch0, Inputs([Work(new string('x', 256), 1)])));
    }
}
