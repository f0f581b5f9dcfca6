namespace EdgeCompute.Firmware.Kernels;

/// <summary>The SplitMix64 generator (Steele, Lea and Flood; Vigna's reference constants), used by mc.pi.</summary>
public static class SplitMix64
{
    /// <summary>Advances <paramref name="state"/> and returns the next 64-bit output.</summary>
    /// <param name="state">The generator state; starts as the seed.</param>
    /// <returns>The next output.</returns>
    public static ulong Next(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
