using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary><c>mc.pi</c> output: <c>[inside, samples]</c>; π ≈ 4 · inside / samples.</summary>
/// <param name="Inside">Samples inside the quarter circle.</param>
/// <param name="Samples">Samples drawn.</param>
public sealed record MonteCarloPiOutput(ulong Inside, ulong Samples) : KernelOutput
{
    internal override string? Check() => Inside <= Samples ? null : $"inside {Inside} exceeds samples {Samples}";

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(2);
        writer.WriteUInt64(Inside);
        writer.WriteUInt64(Samples);
        writer.WriteEndArray();
    }
}
