using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary>
/// The typed <c>params</c> array of a task assignment (key 5), one subtype per kernel:
/// <see cref="PowSha256Parameters"/>, <see cref="MonteCarloPiParameters"/>, <see cref="PrimesCountParameters"/>,
/// <see cref="StatsWindowParameters"/>, the gateway's <see cref="WasmParameters"/> and <see cref="WasmBlobParameters"/>, and
/// <see cref="OpaqueKernelParameters"/> for kernels this library does not know.
/// </summary>
public abstract record KernelParameters
{
    private protected KernelParameters()
    {
    }

    /// <summary>The kernel name written in the assignment (key 4).</summary>
    public abstract string Kernel { get; }

    /// <summary>Returns why the parameters break the kernel's rules, or null.</summary>
    internal abstract string? Check();

    /// <summary>Writes the params array.</summary>
    internal abstract void Write(CborWriter writer);
}
