using System;
using EdgeCompute.Firmware.Kernels.Aggregation;

namespace EdgeCompute.Firmware.Kernels;

/// <summary>
/// The stats.window kernel: the telemetry window aggregation (exponent 0) over a task's values.
/// One op = one value. Output [count, min, max, mean, var].
/// </summary>
public static class StatsWindowKernel
{
    /// <summary>The most values one run accepts.</summary>
    public const int MaxValues = 4096;

    // One shared aggregator keeps runs allocation-free; the lock makes concurrent runs safe.
    private static readonly WindowAggregator Aggregator = new WindowAggregator();
    private static readonly object Sync = new object();

    /// <summary>
    /// Runs the kernel over the first <paramref name="count"/> values. A count outside 1…4096 or beyond the
    /// array, or a negative budget, gives <see cref="KernelStatus.BadParams"/>.
    /// </summary>
    /// <param name="values">The values.</param>
    /// <param name="count">How many of <paramref name="values"/> to aggregate, 1…4096.</param>
    /// <param name="opBudget">The most values the run may aggregate.</param>
    /// <param name="output">Receives the result; cleared first.</param>
    public static void Run(int[] values, int count, long opBudget, KernelOutput output)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        output.Clear();
        if (values == null || count < 1 || count > MaxValues || count > values.Length || opBudget < 0)
        {
            output.Status = KernelStatus.BadParams;
            return;
        }

        lock (Sync)
        {
            Aggregator.Reset();
            var ops = 0L;
            for (var i = 0; i < count; i++)
            {
                if (ops >= opBudget)
                {
                    output.Fail(KernelStatus.BudgetExceeded, ops);
                    return;
                }

                ops++;
                Aggregator.Add(values[i]);
            }

            output.Ops = ops;
            var numbers = output.Numbers;
            numbers[0] = Aggregator.Count;
            numbers[1] = Aggregator.Min;
            numbers[2] = Aggregator.Max;
            numbers[3] = Aggregator.Mean;
            numbers[4] = Aggregator.Variance;
            output.NumberCount = 5;
        }
    }
}
