using System;
using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Firmware.Core.Frames;

/// <summary>
/// Runs a decoded <see cref="TaskAssignment"/> through its kernel within the op budget. An unknown kernel gives
/// status 3, a passed deadline status 4 (checked before running), unfit parameters status 2.
/// </summary>
/// <remarks>The kernels' working buffers are allocated once, here. Not thread-safe.</remarks>
public sealed class TaskRunner
{
    private readonly PowSha256Kernel _pow = new PowSha256Kernel();
    private readonly PrimeCountKernel _primes = new PrimeCountKernel();

    /// <summary>Runs <paramref name="assignment"/> at time <paramref name="nowMs"/> into <paramref name="output"/>.</summary>
    /// <param name="assignment">A successfully read assignment.</param>
    /// <param name="nowMs">The current time, ms since the Unix epoch; past the deadline nothing runs.</param>
    /// <param name="output">Receives status, ops and output (cleared first).</param>
    public void Run(TaskAssignment assignment, long nowMs, KernelOutput output)
    {
        if (assignment == null)
        {
            throw new ArgumentNullException(nameof(assignment));
        }

        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        output.Clear();
        if (!assignment.KernelKnown)
        {
            output.Fail(KernelStatus.UnknownKernel, 0);
            return;
        }

        if (nowMs > 0 && (ulong)nowMs > assignment.Deadline)
        {
            output.Fail(KernelStatus.DeadlinePassed, 0);
            return;
        }

        if (assignment.ParamsError != 0)
        {
            output.Fail(KernelStatus.BadParams, 0);
            return;
        }

        long budget = assignment.OpBudget;
        var kernel = assignment.Kernel;
        if (kernel == KernelNames.PowSha256)
        {
            _pow.Run(
                assignment.Prefix,
                assignment.PrefixLength,
                assignment.NonceStart,
                assignment.NonceCount,
                assignment.Difficulty,
                budget,
                output);
        }
        else if (kernel == KernelNames.McPi)
        {
            MonteCarloPiKernel.Run(assignment.Seed, assignment.Samples, budget, output);
        }
        else if (kernel == KernelNames.PrimesCount)
        {
            _primes.Run(assignment.From, assignment.To, budget, output);
        }
        else
        {
            var values = assignment.Values;
            if (values == null)
            {
                output.Fail(KernelStatus.BadParams, 0);
                return;
            }

            StatsWindowKernel.Run(values, assignment.ValueCount, budget, output);
        }
    }
}
