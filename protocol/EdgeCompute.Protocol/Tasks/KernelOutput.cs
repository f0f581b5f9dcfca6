using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary>
/// The typed output array of a result (key 6) when its status is <see cref="TaskResultStatus.Ok"/>:
/// <see cref="PowSha256Output"/>, <see cref="MonteCarloPiOutput"/>, <see cref="PrimesCountOutput"/>,
/// <see cref="StatsWindowOutput"/>, or <see cref="OpaqueKernelOutput"/> for kernels this library does not know.
/// </summary>
public abstract record KernelOutput
{
    private protected KernelOutput()
    {
    }

    /// <summary>Returns why the output breaks the kernel's rules, or null.</summary>
    internal abstract string? Check();

    /// <summary>Writes the output array.</summary>
    internal abstract void Write(CborWriter writer);
}
