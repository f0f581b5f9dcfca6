using EdgeCompute.Coordinator.Domain.Epochs.Metrics;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public class PayoutMetricsTests
{
    // Gini = (2·Σ i·x_i − (n+1)·T) / (n·T) over amounts sorted ascending, zeros included.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(10)]
    [InlineData(101)]
    public void All_equal_gives_gini_zero_and_nakamoto_half_plus_one(int n)
    {
        var metrics = PayoutMetricsCalculator.Compute(Enumerable.Repeat(100L, n));

        Assert.Equal(Ratio.Zero, metrics.Gini);
        Assert.Equal((n / 2) + 1, metrics.Nakamoto);
        // top ⌈n/10⌉ owners of n equal owners hold ⌈n/10⌉/n
        Assert.Equal(new Ratio((n + 9) / 10, n), metrics.TopDecileShare);
    }

    // One owner of n holds everything: 2·n·T − (n+1)·T = (n−1)·T over n·T -> (n−1)/n; Nakamoto 1; top decile 1.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(1000)]
    public void One_owner_holding_everything_gives_gini_n_minus_one_over_n_and_nakamoto_one(int n)
    {
        var amounts = Enumerable.Repeat(0L, n - 1).Append(1_000_000).ToArray();

        var metrics = PayoutMetricsCalculator.Compute(amounts);

        Assert.Equal(new Ratio(n - 1, n), metrics.Gini);
        Assert.Equal(1, metrics.Nakamoto);
        Assert.Equal(new Ratio(1, 1), metrics.TopDecileShare);
    }

    // 10, 20, 30, 40: Σ i·x = 10 + 40 + 90 + 160 = 300, T = 100 -> (600 − 500) / 400 = 1/4
    // (check: Σ|xi − xj| over ordered pairs = 200, / (2·n²·mean = 800) = 1/4).
    // Nakamoto: 40 is not > 50, 40 + 30 = 70 is -> 2. Top decile: ⌈4/10⌉ = 1 owner, 40/100 = 2/5.
    [Fact]
    public void Four_unequal_owners_match_the_hand_computed_values()
    {
        var metrics = PayoutMetricsCalculator.Compute([30, 10, 40, 20]);

        Assert.Equal(new Ratio(1, 4), metrics.Gini);
        Assert.Equal(0.25, metrics.Gini.ToDouble());
        Assert.Equal(2, metrics.Nakamoto);
        Assert.Equal(new Ratio(2, 5), metrics.TopDecileShare);
    }

    // 1..20: T = 210, Σ i² = 2870 -> (5740 − 21·210) / (20·210) = 1330/4200 = 19/60 (= (n−1)/(3n)).
    // Nakamoto: 20+19+…+15 = 105 is not > 105, adding 14 gives 119 -> 7. Top decile: 20 + 19 = 39 of 210 = 13/70.
    [Fact]
    public void Twenty_owners_one_to_twenty_match_the_hand_computed_values()
    {
        var metrics = PayoutMetricsCalculator.Compute(Enumerable.Range(1, 20).Select(i => (long)i));

        Assert.Equal(new Ratio(19, 60), metrics.Gini);
        Assert.Equal(7, metrics.Nakamoto);
        Assert.Equal(new Ratio(13, 70), metrics.TopDecileShare);
        Assert.Equal(20, metrics.OwnerCount);
    }

    [Fact]
    public void No_payout_gives_zero_metrics()
    {
        Assert.Equal(new PayoutMetrics(0, Ratio.Zero, 0, Ratio.Zero), PayoutMetricsCalculator.Compute([]));
        Assert.Equal(new PayoutMetrics(3, Ratio.Zero, 0, Ratio.Zero), PayoutMetricsCalculator.Compute([0, 0, 0]));
    }

    [Fact]
    public void Large_amounts_stay_exact()
    {
        var metrics = PayoutMetricsCalculator.Compute([long.MaxValue / 2, long.MaxValue / 2]);

        Assert.Equal(Ratio.Zero, metrics.Gini);
        Assert.Equal(2, metrics.Nakamoto);
    }
}
