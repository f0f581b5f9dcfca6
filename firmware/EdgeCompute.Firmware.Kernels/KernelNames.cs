namespace EdgeCompute.Firmware.Kernels;

/// <summary>The kernel names of a task assignment (key 4), as listed in the device birth frame.</summary>
public static class KernelNames
{
    /// <summary>Proof-of-work search: SHA-256(prefix || u64be(nonce)) with enough leading zero bits.</summary>
    public const string PowSha256 = "pow.sha256";

    /// <summary>Monte Carlo estimate of π from SplitMix64 samples.</summary>
    public const string McPi = "mc.pi";

    /// <summary>Counts the primes of a range with a segmented sieve.</summary>
    public const string PrimesCount = "primes.count";

    /// <summary>Count, min, max, mean and variance of a window of integers.</summary>
    public const string StatsWindow = "stats.window";

    /// <summary>Every kernel this core runs, in a new array (for the birth frame).</summary>
    /// <returns>The kernel names.</returns>
    public static string[] All()
    {
        return new string[] { PowSha256, McPi, PrimesCount, StatsWindow };
    }

    /// <summary>Whether <paramref name="name"/> is a kernel this core runs (ordinal comparison).</summary>
    /// <param name="name">A kernel name from a task assignment.</param>
    /// <returns><see langword="true"/> for a known kernel.</returns>
    public static bool IsKnown(string name)
    {
        return name == PowSha256 || name == McPi || name == PrimesCount || name == StatsWindow;
    }
}
