using EdgeCompute.Coordinator.Domain.Epochs.Fairness;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using static EdgeCompute.Coordinator.Tests.Epochs.EpochFixtures;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public class ShareCapFairnessTests
{
    // Four owners, pot 1,000,000, work only; A has 70 % of the credits (700:150:100:50), cap 40 %.
    // Raw proportional shares: A 700,000  B 150,000  C 100,000  D 50,000. Cap C = 400,000.
    // Hard cap (retain 0): A -> 400,000, freed 300,000; B, C, D share 600,000 in proportion 150:100:50
    //   -> B 300,000, C 200,000, D 100,000 (all below the cap, nothing carried).
    [Fact]
    public void Hard_cap_of_40_percent_moves_the_excess_of_a_70_percent_owner_to_the_others_in_proportion()
    {
        var plan = new RewardCalculator(Policy(capBasisPoints: 4_000)).Calculate(
            Epoch0, Inputs([Work("A", 700), Work("B", 150), Work("C", 100), Work("D", 50)]));

        Assert.Equal(400_000, plan.AmountOf("A"));
        Assert.Equal(300_000, plan.AmountOf("B"));
        Assert.Equal(200_000, plan.AmountOf("C"));
        Assert.Equal(100_000, plan.AmountOf("D"));
        Assert.Equal(0, plan.Carried);
        var dampened = Assert.Single(plan.Adjustments, a => a.Reason == AdjustmentReason.ShareCapDampened);
        Assert.Equal(("A", -300_000L), (dampened.Subject, dampened.Amount));
        Assert.Equal(300_000, plan.Adjustments.Where(a => a.Reason == AdjustmentReason.ShareCapRedistributed).Sum(a => a.Amount));
    }

    // Same credits, retain 50 % of the excess: A keeps 400,000 + 300,000/2 = 550,000; 150,000 freed;
    // B, C, D share 450,000 as 150:100:50 -> 225,000, 150,000, 75,000.
    [Fact]
    public void Dampening_keeps_the_retained_part_of_the_excess_and_redistributes_the_rest()
    {
        var plan = new RewardCalculator(Policy(capBasisPoints: 4_000, retainedBasisPoints: 5_000)).Calculate(
            Epoch0, Inputs([Work("A", 700), Work("B", 150), Work("C", 100), Work("D", 50)]));

        Assert.Equal([550_000, 225_000, 150_000, 75_000], plan.Payouts.Select(p => p.Amount));
        Assert.Equal(-150_000, plan.Payouts[0].FairnessAdjustment);
    }

    // Cap 30 % = 300,000: A -> 300,000, B, C, D share 700,000 as 150:100:50 -> B would get 350,000 > cap,
    // so B stops at 300,000; C, D share the remaining 400,000 as 100:50 -> 266,666.67 / 133,333.33:
    // floors 266,666 + 133,333, one unit left goes to the larger remainder (C) -> 266,667 / 133,333.
    [Fact]
    public void Owner_pushed_over_the_cap_by_redistribution_stops_at_the_cap_and_the_rest_goes_on()
    {
        var plan = new RewardCalculator(Policy(capBasisPoints: 3_000)).Calculate(
            Epoch0, Inputs([Work("A", 700), Work("B", 150), Work("C", 100), Work("D", 50)]));

        Assert.Equal([300_000, 300_000, 266_667, 133_333], plan.Payouts.Select(p => p.Amount));
        Assert.Equal(0, plan.Carried);
    }

    // Two owners 60:40 of 1,000 with a 40 % cap: A -> 400, B is already at 400 and cannot take more,
    // so the 200 freed go to the carry account.
    [Fact]
    public void Excess_nobody_can_take_is_carried_to_the_carry_account()
    {
        var plan = new RewardCalculator(Policy(capBasisPoints: 4_000, emission: 1_000)).Calculate(
            Epoch0, Inputs([Work("A", 60), Work("B", 40)]));

        Assert.Equal([400, 400], plan.Payouts.Select(p => p.Amount));
        Assert.Equal(200, plan.Carried);
        Assert.Equal("system:emission", plan.CarryAccount);
        Assert.Contains(plan.Adjustments, a => a.Reason == AdjustmentReason.Carried && a.Amount == 200);
        Assert.True(plan.IsBalanced);
    }

    [Fact]
    public void Owners_at_or_below_the_cap_are_untouched()
    {
        var outcome = ShareCapFairness.Apply(1_000, ["A", "B", "C"], [400, 400, 200], 4_000, 0);

        Assert.Equal([400, 400, 200], outcome.Amounts);
        Assert.Empty(outcome.Adjustments);
        Assert.Equal(0, outcome.Unplaced);
    }

    [Fact]
    public void Full_cap_disables_fairness()
    {
        var plan = new RewardCalculator(Policy(capBasisPoints: 10_000)).Calculate(Epoch0, Inputs([Work("A", 999), Work("B", 1)]));

        Assert.Equal([999_000, 1_000], plan.Payouts.Select(p => p.Amount));
    }
}
