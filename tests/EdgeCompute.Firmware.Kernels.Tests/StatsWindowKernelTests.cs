using System.Numerics;
using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Kernels.Tests;

public sealed class StatsWindowKernelTests
{
    private const int Seed = 4096;

    [Fact]
    public void Reports_count_min_max_mean_and_variance()
    {
        var output = new KernelOutput();
        StatsWindowKernel.Run([2291, 2317, 2304, 2299], 4, 100, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(4, output.Ops);
        Assert.Equal(5, output.NumberCount);
        // mean 2302.75 → 2303; var = Σ(x − mean)² / 4 = 89.1875 → 89
        Assert.Equal([4L, 2291L, 2317L, 2303L, 89L], output.Numbers);
    }

    [Fact]
    public void Matches_bigint_reference_on_seeded_random_windows()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={Seed}");
        var random = new Random(Seed);
        var output = new KernelOutput();

        for (var round = 0; round < 100; round++)
        {
            var count = random.Next(1, StatsWindowKernel.MaxValues + 1);
            var values = new int[count + 3];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = round % 3 == 0 ? (random.Next(0, 2) == 0 ? int.MinValue : int.MaxValue) : random.Next(int.MinValue, int.MaxValue);
            }

            StatsWindowKernel.Run(values, count, count, output);

            var window = values.AsSpan(0, count).ToArray();
            BigInteger n = count, sum = 0, squares = 0;
            foreach (var v in window)
            {
                sum += v;
                squares += new BigInteger(v) * v;
            }

            Assert.Equal(KernelStatus.Ok, output.Status);
            Assert.Equal(count, output.Numbers[0]);
            Assert.Equal(window.Min(), output.Numbers[1]);
            Assert.Equal(window.Max(), output.Numbers[2]);
            Assert.Equal(Round(sum, n), output.Numbers[3]);
            Assert.Equal(count == 1 ? 0 : Round((n * squares) - (sum * sum), n * n), output.Numbers[4]);
        }
    }

    [Fact]
    public void Stops_when_op_budget_is_exhausted()
    {
        var output = new KernelOutput();
        StatsWindowKernel.Run([1, 2, 3, 4, 5], 5, 4, output);

        Assert.Equal(KernelStatus.BudgetExceeded, output.Status);
        Assert.Equal(4, output.Ops);
        Assert.Equal(0, output.NumberCount);
    }

    [Theory]
    [InlineData(0, 10, 10L)]
    [InlineData(4097, 4097, 10_000L)]
    [InlineData(11, 10, 100L)]
    [InlineData(5, 10, -1L)]
    public void Rejects_bad_params(int count, int length, long budget)
    {
        var output = new KernelOutput();
        StatsWindowKernel.Run(new int[length], count, budget, output);

        Assert.Equal(KernelStatus.BadParams, output.Status);
        Assert.Equal(0, output.Ops);
        Assert.Equal(0, output.NumberCount);
    }

    [Fact]
    public void Rejects_null_values()
    {
        var output = new KernelOutput();
        StatsWindowKernel.Run(null!, 1, 10, output);

        Assert.Equal(KernelStatus.BadParams, output.Status);
    }

    [Fact]
    public void Accepts_the_largest_window()
    {
        var output = new KernelOutput();
        StatsWindowKernel.Run(Enumerable.Range(0, 4096).ToArray(), 4096, 4096, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal([4096L, 0L, 4095L, 2048L, 1398101L], output.Numbers); // mean 2047.5; var (4096² − 1) / 12 = 1398101.25
    }

    [Fact]
    public void A_second_run_on_a_reused_output_gives_the_same_result()
    {
        var output = new KernelOutput();
        int[] values = [5, -5, 17, 0];
        StatsWindowKernel.Run(values, 4, 10, output);
        var first = output.Numbers.ToArray();
        StatsWindowKernel.Run([int.MaxValue], 1, 10, output);
        StatsWindowKernel.Run(values, 4, 10, output);

        Assert.Equal(first, output.Numbers);
        Assert.Equal(4, output.Ops);
    }

    [Fact]
    public void Run_allocates_nothing()
    {
        var output = new KernelOutput();
        var values = Enumerable.Range(-2000, 4096).ToArray();
        StatsWindowKernel.Run(values, 4096, 4096, output);

        Allocations.AssertNone(_ => StatsWindowKernel.Run(values, 4096, 4096, output));
    }

    private static long Round(BigInteger numerator, BigInteger denominator)
    {
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        if (2 * BigInteger.Abs(remainder) >= denominator)
        {
            quotient += numerator.Sign;
        }

        return (long)quotient;
    }
}
