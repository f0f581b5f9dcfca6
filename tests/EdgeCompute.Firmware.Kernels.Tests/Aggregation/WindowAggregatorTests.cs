using System.Numerics;
using EdgeCompute.Firmware.Kernels.Aggregation;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Kernels.Tests.Aggregation;

public sealed class WindowAggregatorTests
{
    private const int Seed = 8428;

    [Fact]
    public void Matches_bigint_reference_on_seeded_random_windows()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={Seed}");
        var random = new Random(Seed);
        var aggregator = new WindowAggregator();

        for (var round = 0; round < 600; round++)
        {
            var count = random.Next(1, round % 10 == 0 ? 5000 : 60);
            var values = new int[count];
            var mode = round % 5;
            for (var i = 0; i < count; i++)
            {
                values[i] = mode switch
                {
                    0 => random.Next(0, 3) switch
                    {
                        0 => int.MinValue + random.Next(0, 3),
                        1 => int.MaxValue - random.Next(0, 3),
                        _ => random.Next(int.MinValue, int.MaxValue),
                    },
                    1 => random.Next(0, 2) == 0 ? int.MinValue : int.MaxValue,
                    2 => random.Next(-3, 4),
                    3 => 2_000_000_000 + random.Next(-1000, 1000),
                    _ => random.Next(-100_000, 100_000),
                };
            }

            aggregator.Reset();
            foreach (var value in values)
            {
                aggregator.Add(value);
            }

            AssertMatchesReference(values, aggregator);
        }
    }

    [Theory]
    [InlineData(new[] { 1, 2 }, 2L, 0L)]             // mean 1.5 → 2, var 0.25 → 0
    [InlineData(new[] { -1, -2 }, -2L, 0L)]          // mean −1.5 → −2
    [InlineData(new[] { -1, 0 }, -1L, 0L)]           // mean −0.5 → −1 although S1 = Σ(x − K) > 0
    [InlineData(new[] { 1, 0 }, 1L, 0L)]             // mean 0.5 → 1 although S1 < 0
    [InlineData(new[] { -3, 0, 0, 0 }, -1L, 2L)]     // mean −0.75 → −1, var 1.6875 → 2
    [InlineData(new[] { 0, 1, 1, 1 }, 1L, 0L)]       // mean 0.75 → 1, var 0.1875 → 0
    [InlineData(new[] { 0, 0, 0, -1 }, 0L, 0L)]      // mean −0.25 → 0
    [InlineData(new[] { 0, 0, 1, 1 }, 1L, 0L)]       // mean 0.5 → 1, var 0.25 → 0
    [InlineData(new[] { 0, 0, -1, -1 }, -1L, 0L)]    // mean −0.5 → −1
    [InlineData(new[] { 0, 2 }, 1L, 1L)]             // var exactly 1
    [InlineData(new[] { 0, 0, 0, 2, 2 }, 1L, 1L)]    // mean 0.8 → 1, var 0.96 → 1
    [InlineData(new[] { 0, 3 }, 2L, 2L)]             // mean 1.5 → 2, var 2.25 → 2
    [InlineData(new[] { 0, 1, 2, 3 }, 2L, 1L)]       // var 1.25 → 1
    [InlineData(new[] { 0, 0, 0, 0, 0, 0, 0, 3 }, 0L, 1L)] // mean 0.375 → 0, var 0.984375 → 1
    public void Rounds_half_away_from_zero(int[] values, long mean, long variance)
    {
        var aggregator = new WindowAggregator();
        foreach (var value in values)
        {
            aggregator.Add(value);
        }

        Assert.Equal(mean, aggregator.Mean);
        Assert.Equal(variance, aggregator.Variance);
    }

    [Fact]
    public void Extreme_pair_gives_the_largest_variance()
    {
        var aggregator = new WindowAggregator();
        aggregator.Add(int.MinValue);
        aggregator.Add(int.MaxValue);

        Assert.Equal(int.MinValue, aggregator.Min);
        Assert.Equal(int.MaxValue, aggregator.Max);
        Assert.Equal(-1L, aggregator.Mean); // −0.5 rounds away from zero
        Assert.Equal(4611686016279904256L, aggregator.Variance); // (2^32 − 1)² / 4 = 2^62 − 2^31 + 0.25
    }

    [Fact]
    public void Stays_exact_at_int_max_value_samples_of_extremes()
    {
        var aggregator = new WindowAggregator();
        var lows = (int.MaxValue / 2) + 1;
        var highs = int.MaxValue - lows;
        aggregator.AddRepeated(int.MaxValue, 1);
        aggregator.AddRepeated(int.MinValue, lows);
        aggregator.AddRepeated(int.MaxValue, highs - 1);

        Assert.Equal(int.MaxValue, aggregator.Count);
        var reference = Reference(
            [(int.MinValue, lows), (int.MaxValue, highs)]);
        Assert.Equal(reference.Mean, aggregator.Mean);
        Assert.Equal(reference.Variance, aggregator.Variance);
        Assert.Throws<InvalidOperationException>(() => aggregator.Add(0));
    }

    [Fact]
    public void Empty_and_single_sample_windows()
    {
        var aggregator = new WindowAggregator();
        Assert.Equal(0, aggregator.Count);
        Assert.Equal(0L, aggregator.Mean);
        Assert.Equal(0L, aggregator.Variance);

        aggregator.Add(-7);
        Assert.Equal(1, aggregator.Count);
        Assert.Equal(-7, aggregator.Min);
        Assert.Equal(-7, aggregator.Max);
        Assert.Equal(-7L, aggregator.Mean);
        Assert.Equal(0L, aggregator.Variance);
    }

    [Fact]
    public void Reset_starts_a_new_window()
    {
        var aggregator = new WindowAggregator();
        aggregator.Add(int.MinValue);
        aggregator.Add(5);
        aggregator.Reset();
        aggregator.Add(10);
        aggregator.Add(20);

        Assert.Equal(2, aggregator.Count);
        Assert.Equal(10, aggregator.Min);
        Assert.Equal(20, aggregator.Max);
        Assert.Equal(15L, aggregator.Mean);
        Assert.Equal(25L, aggregator.Variance);
    }

    [Fact]
    public void Add_allocates_nothing_in_steady_state()
    {
        var aggregator = new WindowAggregator();
        for (var i = 0; i < 1000; i++)
        {
            aggregator.Add(i * 7919);
        }

        long variance = 0, mean = 0;

        Allocations.AssertNone(
            i =>
            {
                aggregator.Add(unchecked(i * 1_000_003));
                if (i % 1000 == 999)
                {
                    variance = aggregator.Variance;
                    mean = aggregator.Mean;
                }
            },
            calls: 10_000);

        Assert.True(variance >= 0 && mean != long.MinValue);
    }

    private static void AssertMatchesReference(int[] values, WindowAggregator aggregator)
    {
        var reference = Reference(values.Select(v => (v, 1)).ToArray());
        Assert.Equal(values.Length, aggregator.Count);
        Assert.Equal(values.Min(), aggregator.Min);
        Assert.Equal(values.Max(), aggregator.Max);
        Assert.Equal(reference.Mean, aggregator.Mean);
        Assert.Equal(reference.Variance, aggregator.Variance);
    }

    private static (long Mean, long Variance) Reference((int Value, int Times)[] runs)
    {
        BigInteger n = 0, sum = 0, sumOfSquares = 0;
        foreach (var (value, times) in runs)
        {
            n += times;
            sum += new BigInteger(value) * times;
            sumOfSquares += new BigInteger(value) * value * times;
        }

        var mean = RoundHalfAwayFromZero(sum, n);
        var variance = n <= 1 ? BigInteger.Zero : RoundHalfAwayFromZero((n * sumOfSquares) - (sum * sum), n * n);
        return ((long)mean, (long)variance);
    }

    private static BigInteger RoundHalfAwayFromZero(BigInteger numerator, BigInteger denominator)
    {
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (2 * BigInteger.Abs(remainder) >= denominator)
        {
            quotient += numerator.Sign;
        }

        return quotient;
    }
}
