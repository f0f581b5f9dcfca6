using EdgeCompute.Firmware.Kernels;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.MonteCarloPi;

/// <summary>The seeds of a <see cref="MonteCarloPiJobSpec"/>'s chunks.</summary>
public static class ChunkSeeds
{
    /// <summary>
    /// The seed of chunk <paramref name="index"/>: output <c>index + 1</c> of a SplitMix64 stream seeded with
    /// <paramref name="jobSeed"/>, i.e. mix(jobSeed + (index + 1)·γ). The mix is a bijection, so chunks of one job
    /// (fewer than 2^64) always get distinct seeds.
    /// </summary>
    /// <param name="jobSeed">The job seed.</param>
    /// <param name="index">The chunk index, at least 0.</param>
    /// <returns>The chunk's seed.</returns>
    public static ulong For(ulong jobSeed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var state = unchecked(jobSeed + ((ulong)index * 0x9E3779B97F4A7C15UL));
        return SplitMix64.Next(ref state);
    }
}
