using System.Formats.Cbor;

namespace EdgeCompute.Protocol.Tasks;

/// <summary><c>mc.pi</c> params: <c>[seed, samples (≥ 1)]</c>; SplitMix64 seeded with <paramref name="Seed"/>.</summary>
/// <param name="Seed">The PRNG seed.</param>
/// <param name="Samples">Samples to draw (≥ 1).</param>
public sealed record MonteCarloPiParameters(ulong Seed, ulong Samples) : KernelParameters
{
    /// <inheritdoc/>
    public override string Kernel => KernelNames.MonteCarloPi;

    internal override string? Check() => Samples == 0 ? "samples must be at least 1" : null;

    internal override void Write(CborWriter writer)
    {
        writer.WriteStartArray(2);
        writer.WriteUInt64(Seed);
        writer.WriteUInt64(Samples);
        writer.WriteEndArray();
    }
}
