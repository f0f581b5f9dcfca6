using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Tests;
using static EdgeCompute.Coordinator.Tests.Epochs.EpochFixtures;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public class RoundingPropertyTests
{
    [Fact]
    public void Payouts_plus_carry_equal_the_pot_exactly_over_ten_thousand_random_epochs()
    {
        var random = TestSeed.Random(20260401);
        for (var run = 0; run < 10_000; run++)
        {
            var policy = Policy(
                capBasisPoints: random.Next(4) == 0 ? 10_000 : random.Next(1, 10_001),
                retainedBasisPoints: random.Next(0, 10_001),
                emission: random.Next(3) == 0 ? random.Next(0, 1_000) : random.NextInt64(0, 1_000_000_000_000)) with
            {
                WorkWeight = random.Next(0, 100),
                DataWeight = random.Next(1, 100),
                DataRewardCapPerDevice = random.Next(2) == 0 ? long.MaxValue : random.NextInt64(1, 1_000_000_000),
            };
            var owners = random.Next(0, 25);
            var work = new List<WorkCredit>();
            var data = new List<DataCredit>();
            for (var i = 0; i < owners; i++)
            {
                var owner = $"owner-{random.Next(0, 40)}";
                if (random.Next(3) > 0)
                {
                    work.Add(Work(owner, random.Next(4) == 0 ? random.NextInt64(0, 1_000_000_000_000) : random.Next(0, 1_000), minute: random.Next(0, 90)));
                }

                if (random.Next(2) == 0)
                {
                    data.Add(Data(owner, $"d{random.Next(0, 3)}", random.Next(0, 10_000), approved: random.Next(5) > 0, minute: random.Next(0, 90)));
                }
            }

            VerifiedJobFee[] fees = [new("j", random.Next(0, 1_000_000), Genesis.AddMinutes(random.Next(0, 90)))];
            var plan = new RewardCalculator(policy).Calculate(Epoch0, Inputs(work, data, fees));

            var context = $"run {run}: pot {plan.Pot}, paid {plan.TotalPaid}, carried {plan.Carried}";
            Assert.True(plan.IsBalanced, context);
            Assert.Equal(plan.Pot, plan.Payouts.Sum(p => p.Amount) + plan.Carried);
            Assert.Equal(plan.Payouts.Count == 0 ? 0 : plan.Pot, plan.WorkPool + plan.DataPool);
            Assert.All(plan.Payouts, p => Assert.True(p.Amount >= 0 && p.Amount == p.WorkReward + p.DataReward + p.FairnessAdjustment, context));
            var cap = (long)((Int128)plan.Pot * policy.OwnerShareCapBasisPoints / 10_000);
            foreach (var p in plan.Payouts)
            {
                var raw = p.WorkReward + p.DataReward;
                // below the cap nobody loses and nobody is pushed over it; above it an owner keeps at least the cap
                Assert.True(raw <= cap ? p.Amount >= raw && p.Amount <= cap : p.Amount >= cap && p.Amount <= raw, $"{context}, {p}, cap {cap}");
            }

            Assert.All(plan.Payouts, p => Assert.True(p.DataReward <= policy.DataRewardCapPerDevice * 3, context));
            Assert.Equal(plan.Payouts.Select(p => p.Owner).Order(OwnerOrder.Instance), plan.Payouts.Select(p => p.Owner));
        }
    }

    [Fact]
    public void Largest_remainder_shares_sum_to_the_budget_and_stay_within_one_unit_of_the_exact_quota()
    {
        var random = TestSeed.Random(7);
        for (var run = 0; run < 10_000; run++)
        {
            var weights = Enumerable.Range(0, random.Next(1, 20)).Select(_ => random.NextInt64(0, random.Next(2) == 0 ? 10 : long.MaxValue / 64)).ToArray();
            if (weights.Sum() == 0)
            {
                weights[0] = 1;
            }

            var budget = random.NextInt64(0, long.MaxValue / 2);
            var shares = Apportionment.Allocate(budget, weights);

            Assert.Equal(budget, shares.Sum());
            var total = (Int128)weights.Sum();
            for (var i = 0; i < weights.Length; i++)
            {
                var floor = (long)((Int128)budget * weights[i] / total);
                Assert.InRange(shares[i], floor, floor + 1);
            }
        }
    }

    [Fact]
    public void Largest_remainder_breaks_ties_by_canonical_position()
    {
        Assert.Equal([4, 3, 3], Apportionment.Allocate(10, [1, 1, 1]));
        Assert.Equal([1, 1, 0], Apportionment.Allocate(2, [1, 1, 1]));
    }
}
