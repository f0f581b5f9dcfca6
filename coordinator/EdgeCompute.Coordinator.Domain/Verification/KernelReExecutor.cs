using EdgeCompute.Protocol.Tasks;
using CoreKernelOutput = EdgeCompute.Firmware.Kernels.KernelOutput;
using MonteCarloPiKernel = EdgeCompute.Firmware.Kernels.MonteCarloPiKernel;
using PowSha256Kernel = EdgeCompute.Firmware.Kernels.PowSha256Kernel;
using PrimeCountKernel = EdgeCompute.Firmware.Kernels.PrimeCountKernel;
using StatsWindowKernel = EdgeCompute.Firmware.Kernels.StatsWindowKernel;

namespace EdgeCompute.Coordinator.Domain.Verification;

/// <summary>
/// Re-executes the four MCU kernels with the firmware core's own code (the devices' code), so the result is
/// exactly what an honest device would send. The deadline is not applied: the coordinator re-executes after it.
/// Safe to share between threads (runs are serialised; the core kernels reuse their buffers).
/// </summary>
public sealed class KernelReExecutor
{
    private readonly PowSha256Kernel _pow = new();
    private readonly PrimeCountKernel _primes = new();
    private readonly CoreKernelOutput _output = new();
    private readonly Lock _sync = new();

    /// <summary>Whether <paramref name="kernel"/> is one of the core's kernels.</summary>
    /// <param name="kernel">The kernel name.</param>
    /// <returns>Whether <see cref="ReExecute"/> can run it.</returns>
    public static bool CanReExecute(string kernel) => KernelNames.All.Contains(kernel, StringComparer.Ordinal);

    /// <summary>Runs the assignment's kernel within its op budget.</summary>
    /// <param name="assignment">The assignment.</param>
    /// <returns>The result an honest device would send.</returns>
    /// <exception cref="ArgumentException">The assignment's kernel is not a core kernel.</exception>
    public TaskResult ReExecute(TaskAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        long budget = assignment.OpBudget;
        lock (_sync)
        {
            switch (assignment.Parameters)
            {
                case PowSha256Parameters pow:
                    var prefix = pow.Prefix.ToArray();
                    _pow.Run(prefix, prefix.Length, pow.NonceStart, pow.NonceCount, pow.Difficulty, budget, _output);
                    return ToResult(assignment, Ok(_output) ? new PowSha256Output(_output.Found, _output.Nonce, _output.Digest.AsSpan(0, _output.DigestLength).ToArray()) : null);
                case MonteCarloPiParameters pi:
                    MonteCarloPiKernel.Run(pi.Seed, pi.Samples, budget, _output);
                    return ToResult(assignment, Ok(_output) ? new MonteCarloPiOutput((ulong)_output.Numbers[0], (ulong)_output.Numbers[1]) : null);
                case PrimesCountParameters primes:
                    _primes.Run(primes.From, primes.To, budget, _output);
                    return ToResult(assignment, Ok(_output) ? new PrimesCountOutput((ulong)_output.Numbers[0]) : null);
                case StatsWindowParameters stats:
                    var values = stats.Values.ToArray();
                    StatsWindowKernel.Run(values, values.Length, budget, _output);
                    var n = _output.Numbers;
                    return ToResult(assignment, Ok(_output) ? new StatsWindowOutput(n[0], n[1], n[2], n[3], n[4]) : null);
                default:
                    throw new ArgumentException($"kernel {assignment.Kernel} is not a firmware core kernel", nameof(assignment));
            }
        }
    }

    private static bool Ok(CoreKernelOutput output) => output.Status == (int)TaskResultStatus.Ok;

    private TaskResult ToResult(TaskAssignment assignment, KernelOutput? output) =>
        new(assignment.TaskId, assignment.Slot, assignment.Kernel, (TaskResultStatus)_output.Status, (ulong)_output.Ops, output);
}
