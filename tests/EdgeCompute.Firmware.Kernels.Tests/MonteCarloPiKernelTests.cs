using EdgeCompute.Firmware.Kernels;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Kernels.Tests;

public sealed class MonteCarloPiKernelTests
{
    private const ulong Seed = 42;

    [Theory]
    [InlineData(0UL, 1UL)]
    [InlineData(42UL, 1000UL)]
    [InlineData(ulong.MaxValue, 12345UL)]
    [InlineData(0x0123456789ABCDEFUL, 100_000UL)]
    public void Matches_a_straightforward_reference(ulong seed, ulong samples)
    {
        var output = new KernelOutput();
        MonteCarloPiKernel.Run(seed, samples, long.MaxValue, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal((long)samples, output.Ops);
        Assert.Equal(2, output.NumberCount);
        Assert.Equal(Reference(seed, samples), output.Numbers[0]);
        Assert.Equal((long)samples, output.Numbers[1]);
    }

    [Fact]
    public void Estimate_is_near_pi_for_a_million_samples()
    {
        TestContext.Current.TestOutputHelper?.WriteLine($"seed={Seed}");
        var output = new KernelOutput();
        MonteCarloPiKernel.Run(Seed, 1_000_000, 1_000_000, output);

        var estimate = 4.0 * output.Numbers[0] / output.Numbers[1];
        TestContext.Current.TestOutputHelper?.WriteLine($"pi~{estimate}");
        Assert.InRange(estimate, Math.PI - 0.01, Math.PI + 0.01);
    }

    [Fact]
    public void Stops_when_op_budget_is_exhausted()
    {
        var output = new KernelOutput();
        MonteCarloPiKernel.Run(Seed, 1000, 999, output);

        Assert.Equal(KernelStatus.BudgetExceeded, output.Status);
        Assert.Equal(999, output.Ops);
        Assert.Equal(0, output.NumberCount);

        MonteCarloPiKernel.Run(Seed, 1000, 1000, output);
        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(1000, output.Ops);
    }

    [Fact]
    public void Huge_sample_counts_stop_at_the_budget()
    {
        var output = new KernelOutput();
        MonteCarloPiKernel.Run(Seed, ulong.MaxValue, 5000, output);

        Assert.Equal(KernelStatus.BudgetExceeded, output.Status);
        Assert.Equal(5000, output.Ops);
    }

    [Theory]
    [InlineData(0UL, 100L)]
    [InlineData(10UL, -1L)]
    public void Rejects_bad_params(ulong samples, long budget)
    {
        var output = new KernelOutput();
        MonteCarloPiKernel.Run(Seed, samples, budget, output);

        Assert.Equal(KernelStatus.BadParams, output.Status);
        Assert.Equal(0, output.Ops);
        Assert.Equal(0, output.NumberCount);
    }

    [Fact]
    public void A_second_run_on_a_reused_output_gives_the_same_result()
    {
        var output = new KernelOutput();
        MonteCarloPiKernel.Run(Seed, 50_000, long.MaxValue, output);
        var inside = output.Numbers[0];
        MonteCarloPiKernel.Run(Seed + 1, 10, 5, output);
        MonteCarloPiKernel.Run(Seed, 50_000, long.MaxValue, output);

        Assert.Equal(KernelStatus.Ok, output.Status);
        Assert.Equal(inside, output.Numbers[0]);
        Assert.Equal(50_000, output.Numbers[1]);
    }

    [Fact]
    public void Run_allocates_nothing()
    {
        var output = new KernelOutput();
        MonteCarloPiKernel.Run(Seed, 10, 10, output);

        Allocations.AssertNone(_ => MonteCarloPiKernel.Run(Seed, 100_000, 100_000, output));

        Assert.Equal(KernelStatus.Ok, output.Status);
    }

    private static long Reference(ulong seed, ulong samples)
    {
        var state = seed;
        long inside = 0;
        for (ulong i = 0; i < samples; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            var r = z ^ (z >> 31);
            var x = (System.Numerics.BigInteger)(r >> 33);
            var y = (System.Numerics.BigInteger)(r & 0x7FFFFFFF);
            if (x * x + y * y < System.Numerics.BigInteger.Pow(2, 62))
            {
                inside++;
            }
        }

        return inside;
    }
}
