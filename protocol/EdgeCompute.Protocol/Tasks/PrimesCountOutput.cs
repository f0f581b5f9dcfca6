using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary><c>primes.count</c> output: <c>[count]</c>.</summary>
/// <param name="Count">Primes in the range.</param>
public sealed record PrimesCountOutput(ulong Count) : KernelOutput
{
    internal override string? Check() => null;

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(1);
        writer.WriteUInt64(Count);
        writer.WriteEndArray();
    }
}
