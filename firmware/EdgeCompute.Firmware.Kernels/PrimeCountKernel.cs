using System;

namespace EdgeCompute.Firmware.Kernels;

/// <summary>
/// The primes.count kernel: counts the primes p with from ≤ p &lt; to by a segmented sieve of Eratosthenes in
/// bounded memory (a 65,536-bit base sieve and one segment bitmap, both allocated in the constructor).
/// <para>
/// Ops, identical for every segment size: each number of [from, to) scanned is one op, and each composite
/// marked is one op, where a base prime p (p² &lt; to) marks every multiple m with max(p², from) ≤ m &lt; to
/// (a number marked by two primes counts twice). Building the base sieve costs no ops.
/// </para>
/// </summary>
public sealed class PrimeCountKernel
{
    /// <summary>The default segment bitmap size in bytes (32,768 numbers per segment).</summary>
    public const int DefaultSegmentBytes = 4096;

    /// <summary>The largest segment bitmap size accepted (covers <see cref="MaxSpan"/> in one segment).</summary>
    public const int MaxSegmentBytes = 1 << 21;

    /// <summary>The largest exclusive upper bound, 2^32.</summary>
    public const ulong MaxTo = 1UL << 32;

    /// <summary>The widest range, 2^24 numbers.</summary>
    public const ulong MaxSpan = 1UL << 24;

    private const int BaseSieveBits = 1 << 16;

    private readonly byte[] _baseComposite = new byte[BaseSieveBits / 8];
    private readonly byte[] _segment;
    private readonly int _segmentNumbers;

    /// <summary>Creates a kernel with the default segment size.</summary>
    public PrimeCountKernel()
        : this(DefaultSegmentBytes)
    {
    }

    /// <summary>Creates a kernel whose segment bitmap takes <paramref name="segmentBytes"/> bytes.</summary>
    /// <param name="segmentBytes">The segment bitmap size, 1…2,097,152 bytes (8 numbers per byte).</param>
    public PrimeCountKernel(int segmentBytes)
    {
        if (segmentBytes < 1 || segmentBytes > MaxSegmentBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(segmentBytes), "Segment size out of range.");
        }

        _segment = new byte[segmentBytes];
        _segmentNumbers = segmentBytes * 8;
    }

    /// <summary>
    /// Counts the primes in [<paramref name="from"/>, <paramref name="to"/>). Unless from &lt; to ≤ 2^32 and
    /// to − from ≤ 2^24, or when the budget is negative, the status is <see cref="KernelStatus.BadParams"/>.
    /// </summary>
    /// <param name="from">The inclusive lower bound.</param>
    /// <param name="to">The exclusive upper bound.</param>
    /// <param name="opBudget">The most ops the run may use.</param>
    /// <param name="output">Receives the result; cleared first.</param>
    public void Run(ulong from, ulong to, long opBudget, KernelOutput output)
    {
        if (output == null)
        {
            throw new ArgumentNullException(nameof(output));
        }

        output.Clear();
        if (from >= to || to > MaxTo || to - from > MaxSpan || opBudget < 0)
        {
            output.Status = KernelStatus.BadParams;
            return;
        }

        // Base primes: every p with p² < to, so p ≤ floor(sqrt(to − 1)) ≤ 65,535.
        var baseLimit = (int)IntegerSquareRoot.Floor(to - 1);
        SieveBasePrimes(baseLimit);

        var ops = 0L;
        var primes = 0L;
        for (var segmentStart = from; segmentStart < to; segmentStart += (ulong)_segmentNumbers)
        {
            var segmentEnd = to - segmentStart > (ulong)_segmentNumbers ? segmentStart + (ulong)_segmentNumbers : to;
            var length = (int)(segmentEnd - segmentStart);
            Array.Clear(_segment, 0, (length + 7) >> 3);

            for (var p = 2; p <= baseLimit; p++)
            {
                if (IsSet(_baseComposite, p))
                {
                    continue;
                }

                var prime = (ulong)p;
                var square = prime * prime;
                if (square >= segmentEnd)
                {
                    break;
                }

                var first = ((segmentStart + prime - 1) / prime) * prime;
                if (first < square)
                {
                    first = square;
                }

                if (first >= segmentEnd)
                {
                    continue;
                }

                var marks = (long)((segmentEnd - 1 - first) / prime) + 1;
                if (marks > opBudget - ops)
                {
                    output.Fail(KernelStatus.BudgetExceeded, opBudget);
                    return;
                }

                ops += marks;
                for (var at = (int)(first - segmentStart); at < length; at += p)
                {
                    _segment[at >> 3] |= (byte)(1 << (at & 7));
                }
            }

            // 0 and 1 are not prime; no base prime marks them, and excluding them is not an op.
            for (var n = segmentStart; n < 2 && n < segmentEnd; n++)
            {
                var at = (int)(n - segmentStart);
                _segment[at >> 3] |= (byte)(1 << (at & 7));
            }

            if (length > opBudget - ops)
            {
                output.Fail(KernelStatus.BudgetExceeded, opBudget);
                return;
            }

            ops += length;
            primes += CountClear(_segment, length);
        }

        output.Ops = ops;
        output.Numbers[0] = primes;
        output.NumberCount = 1;
    }

    private void SieveBasePrimes(int limit)
    {
        Array.Clear(_baseComposite, 0, (limit >> 3) + 1);
        _baseComposite[0] |= 0x03; // 0 and 1
        for (var p = 2; p * p <= limit; p++)
        {
            if (IsSet(_baseComposite, p))
            {
                continue;
            }

            for (var m = p * p; m <= limit; m += p)
            {
                _baseComposite[m >> 3] |= (byte)(1 << (m & 7));
            }
        }
    }

    private static bool IsSet(byte[] bits, int index)
    {
        return (bits[index >> 3] & (1 << (index & 7))) != 0;
    }

    private static int CountClear(byte[] bits, int length)
    {
        var clear = 0;
        var wholeBytes = length >> 3;
        for (var i = 0; i < wholeBytes; i++)
        {
            clear += 8 - PopCount(bits[i]);
        }

        var tail = length & 7;
        if (tail != 0)
        {
            clear += 8 - PopCount((bits[wholeBytes] | (0xFF << tail)) & 0xFF);
        }

        return clear;
    }

    private static int PopCount(int value)
    {
        value -= (value >> 1) & 0x55;
        value = (value & 0x33) + ((value >> 2) & 0x33);
        return (value + (value >> 4)) & 0x0F;
    }
}
