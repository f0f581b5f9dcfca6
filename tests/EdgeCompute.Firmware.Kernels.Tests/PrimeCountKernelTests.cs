using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Kernels.Tests;

public sealed class PrimeCountKernelTests
{
    private const int Seed = 65537;
    private const ulong TwoTo32 = 1UL << 32;

    [Theory]
    [InlineData(0UL, 100UL, 25L)]
    [InlineData(0UL, 1_000_000UL, 78498L)]
    [InlineData(0UL, 2UL, 0L)]
    [InlineData(0UL, 3UL, 1L)]
    [InlineData(1UL, 2UL, 0L)]
    [InlineData(2UL, 3UL, 1L)]
    [InlineData(1_000_000UL, 2_000_000UL, 70435L)]
    public void Matches_known_prime_counts(ulong from, ulong to, long expected)
    {
        var output = new KernelOutput();
        new PrimeCountKernel().Run(from, to, long.MaxValue, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(1, output.NumberCount);
        Assert.Equal(expected, output.Numbers[0]);
        Assert.Equal(ReferenceOps(from, to), output.Ops);
    }

    [Fact]
    public void Matches_trial_division_just_below_two_to_the_32()
    {
        var from = TwoTo32 - 1000;
        var output = new KernelOutput();
        new PrimeCountKernel().Run(from, TwoTo32, long.MaxValue, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(TrialDivisionCount(from, TwoTo32), output.Numbers[0]);
        Assert.Equal(ReferenceOps(from, TwoTo32), output.Ops);
    }

    [Fact]
    public void Matches_a_plain_sieve_over_the_widest_range()
    {
        var from = TwoTo32 - PrimeCountKernel.MaxSpan;
        var output = new KernelOutput();
        new PrimeCountKernel().Run(from, TwoTo32, long.MaxValue, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(PlainSieveCount(from, TwoTo32), output.Numbers[0]);
        Assert.Equal(ReferenceOps(from, TwoTo32), output.Ops);
    }

    [Fact]
    public void Matches_trial_division_on_seeded_random_ranges()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={Seed}");
        var random = new Random(Seed);
        var kernel = new PrimeCountKernel(7);
        var output = new KernelOutput();

        for (var round = 0; round < 200; round++)
        {
            var from = round % 2 == 0 ? (ulong)random.Next(0, 5000) : (ulong)random.NextInt64(0, (long)TwoTo32 - 3000);
            var to = from + (ulong)random.Next(1, 2000);

            kernel.Run(from, to, long.MaxValue, output);

            Assert.Equal(KernelStatus.Ok, output.Status);
            Assert.Equal(TrialDivisionCount(from, to), output.Numbers[0]);
            Assert.Equal(ReferenceOps(from, to), output.Ops);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    [InlineData(125_000)]
    public void Small_and_large_segments_give_the_same_counts_and_ops(int segmentBytes)
    {
        var kernel = new PrimeCountKernel(segmentBytes);
        var reference = new PrimeCountKernel();
        var output = new KernelOutput();
        var expected = new KernelOutput();
        (ulong From, ulong To)[] ranges = [(0, 1_000_000), (999_983, 1_100_000), (TwoTo32 - 100_000, TwoTo32), (17, 18)];

        foreach (var (from, to) in ranges)
        {
            kernel.Run(from, to, long.MaxValue, output);
            reference.Run(from, to, long.MaxValue, expected);

            Assert.Equal(expected.Numbers[0], output.Numbers[0]);
            Assert.Equal(expected.Ops, output.Ops);
        }
    }

    [Fact]
    public void Stops_when_op_budget_is_exhausted()
    {
        var kernel = new PrimeCountKernel(16);
        var output = new KernelOutput();
        kernel.Run(0, 100_000, long.MaxValue, output);
        var needed = output.Ops;

        foreach (var budget in new[] { 0L, 1L, 100L, needed / 2, needed - 1 })
        {
            kernel.Run(0, 100_000, budget, output);

            Assert.Equal(KernelStatus.BudgetExceeded, output.Status);
            Assert.Equal(budget, output.Ops);
            Assert.Equal(0, output.NumberCount);
        }

        kernel.Run(0, 100_000, needed, output);
        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(9592L, output.Numbers[0]);
    }

    [Theory]
    [InlineData(10UL, 10UL, 100L)]                        // empty range
    [InlineData(11UL, 10UL, 100L)]                        // reversed
    [InlineData(TwoTo32 - 10, TwoTo32 + 1, 100L)]         // past 2^32
    [InlineData(0UL, (1UL << 24) + 1, 100L)]              // wider than 2^24
    [InlineData(0UL, 10UL, -1L)]                          // negative budget
    public void Rejects_bad_params(ulong from, ulong to, long budget)
    {
        var output = new KernelOutput();
        new PrimeCountKernel().Run(from, to, budget, output);

        Assert.Equal(KernelStatus.BadParams, output.Status);
        Assert.Equal(0, output.Ops);
        Assert.Equal(0, output.NumberCount);
    }

    [Fact]
    public void Accepts_exactly_two_to_the_24_numbers()
    {
        var output = new KernelOutput();
        new PrimeCountKernel().Run(0, 1UL << 24, long.MaxValue, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(1_077_871L, output.Numbers[0]); // π(2^24)
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(PrimeCountKernel.MaxSegmentBytes + 1)]
    public void Rejects_a_segment_size_out_of_range(int segmentBytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PrimeCountKernel(segmentBytes));
    }

    [Fact]
    public void A_second_run_on_a_reused_output_gives_the_same_result()
    {
        var kernel = new PrimeCountKernel();
        var output = new KernelOutput();
        kernel.Run(0, 1_000_000, long.MaxValue, output);
        var ops = output.Ops;
        kernel.Run(TwoTo32 - 1000, TwoTo32, long.MaxValue, output);
        kernel.Run(0, 1_000_000, long.MaxValue, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(78498L, output.Numbers[0]);
        Assert.Equal(ops, output.Ops);
    }

    [Fact]
    public void Run_allocates_nothing()
    {
        var kernel = new PrimeCountKernel();
        var output = new KernelOutput();
        kernel.Run(0, 1000, long.MaxValue, output);

        Allocations.AssertNone(_ => kernel.Run(TwoTo32 - 200_000, TwoTo32, long.MaxValue, output));
    }

    // One op per number scanned plus one per multiple m of each prime p (p² < to) with max(p², from) ≤ m < to.
    private static long ReferenceOps(ulong from, ulong to)
    {
        var ops = (long)(to - from);
        for (ulong p = 2; p * p < to; p++)
        {
            if (!IsPrime(p))
            {
                continue;
            }

            var first = Math.Max(p * p, (from + p - 1) / p * p);
            if (first < to)
            {
                ops += (long)((to - 1 - first) / p) + 1;
            }
        }

        return ops;
    }

    private static long TrialDivisionCount(ulong from, ulong to)
    {
        long count = 0;
        for (var n = from; n < to; n++)
        {
            if (IsPrime(n))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsPrime(ulong n)
    {
        if (n < 2)
        {
            return false;
        }

        for (ulong d = 2; d * d <= n; d++)
        {
            if (n % d == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static long PlainSieveCount(ulong from, ulong to)
    {
        var composite = new bool[to - from];
        for (ulong p = 2; p * p < to; p++)
        {
            if (!IsPrime(p))
            {
                continue;
            }

            for (var m = Math.Max(p * p, (from + p - 1) / p * p); m < to; m += p)
            {
                composite[m - from] = true;
            }
        }

        return composite.LongCount(c => !c);
    }
}
