using EdgeCompute.Protocol.Tasks;

namespace EdgeCompute.Coordinator.Domain.Jobs.Kinds.Primes;

/// <summary>
/// The exact ops the <c>primes.count</c> kernel (firmware <c>PrimeCountKernel</c>) uses on [from, to): one per number
/// scanned, plus one per composite marked, where each base prime p with p² &lt; to marks every multiple m with
/// max(p², from) ≤ m &lt; to. The count does not depend on the device's segment size.
/// </summary>
public static class PrimeCountOps
{
    // Base primes of any range up to 2^32: every p ≤ √(2^32 − 1) = 65,535.
    private static readonly uint[] BasePrimes = Sieve(65_535);

    /// <summary>The ops of a complete run over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="from">The inclusive lower bound.</param>
    /// <param name="to">The exclusive upper bound, above <paramref name="from"/> and at most 2^32.</param>
    /// <returns>The ops.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The range breaks the kernel's rules.</exception>
    public static ulong For(ulong from, ulong to)
    {
        if (from >= to || to > PrimesCountParameters.MaxTo)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"[{from}, {to}) is not a primes.count range.");
        }

        var ops = to - from;
        foreach (ulong p in BasePrimes)
        {
            var square = p * p;
            if (square >= to)
            {
                break;
            }

            var first = Math.Max(square, (from + p - 1) / p * p);
            if (first < to)
            {
                ops += ((to - 1 - first) / p) + 1;
            }
        }

        return ops;
    }

    private static uint[] Sieve(int limit)
    {
        var composite = new bool[limit + 1];
        var primes = new List<uint>();
        for (var n = 2; n <= limit; n++)
        {
            if (composite[n])
            {
                continue;
            }

            primes.Add((uint)n);
            for (var m = (long)n * n; m <= limit; m += n)
            {
                composite[m] = true;
            }
        }

        return [.. primes];
    }
}
