using System;

namespace EdgeCompute.Firmware.Kernels;

/// <summary>
/// The mc.pi kernel: draws SplitMix64 outputs r from the seed, takes x = r &gt;&gt; 33 and y = r &amp; 0x7FFFFFFF
/// (31 bits each) and counts the points with x² + y² &lt; 2^62. One op = one sample.
/// Output [inside, samples]; π ≈ 4 · inside / samples.
/// </summary>
public static class MonteCarloPiKernel
{
    private const ulong RadiusSquared = 1UL << 62;

    /// <summary>Runs the kernel. Zero samples or a negative budget give <see cref="KernelStatus.BadParams"/>.</summary>
    /// <param name="seed">The SplitMix64 seed.</param>
    /// <param name="samples">How many samples to draw, at least 1.</param>
    /// <param name="opBudget">The most samples the run may draw.</param>
    /// <param name="output">Receives the result; cleared first.</param>
    public static void Run(ulong seed, ulong samples, long opBudget, KernelOutput output)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        output.Clear();
        if (samples == 0 || opBudget < 0)
        {
            output.Status = KernelStatus.BadParams;
            return;
        }

        var state = seed;
        var inside = 0L;
        var ops = 0L;
        for (var drawn = 0UL; drawn < samples; drawn++)
        {
            if (ops >= opBudget)
            {
                output.Fail(KernelStatus.BudgetExceeded, ops);
                return;
            }

            ops++;
            var r = SplitMix64.Next(ref state);
            var x = r >> 33;
            var y = r & 0x7FFFFFFFUL;
            if ((x * x) + (y * y) < RadiusSquared)
            {
                inside++;
            }
        }

        // Completing means samples ≤ opBudget ≤ long.MaxValue, so the cast is exact.
        output.Ops = ops;
        output.SetNumbers(inside, (long)samples);
    }
}
