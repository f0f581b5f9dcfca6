using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary><c>primes.count</c> params: <c>[from, to]</c> with <c>from &lt; to ≤ 2^32</c> and <c>to − from ≤ 2^24</c>; counts primes in [from, to).</summary>
/// <param name="From">The first number of the range.</param>
/// <param name="To">The end of the range (exclusive).</param>
public sealed record PrimesCountParameters(ulong From, ulong To) : KernelParameters
{
    /// <summary>The largest <see cref="To"/>: 2^32.</summary>
    public const ulong MaxTo = 1UL << 32;

    /// <summary>The widest range: 2^24 numbers.</summary>
    public const ulong MaxSpan = 1UL << 24;

    /// <inheritdoc/>
    public override string Kernel => KernelNames.PrimesCount;

    internal override string? Check() =>
        From >= To ? $"from {From} must be below to {To}"
        : To > MaxTo ? $"to {To} exceeds 2^32"
        : To - From > MaxSpan ? $"the range {To - From} exceeds 2^24"
        : null;

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(2);
        writer.WriteUInt64(From);
        writer.WriteUInt64(To);
        writer.WriteEndArray();
    }
}
