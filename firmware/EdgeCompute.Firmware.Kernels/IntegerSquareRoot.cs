namespace EdgeCompute.Firmware.Kernels;

/// <summary>Exact integer square root (nanoFramework has no <c>Math</c>, and floating point is not exact).</summary>
internal static class IntegerSquareRoot
{
    /// <summary>The largest r with r² ≤ <paramref name="value"/>, digit by digit in base 4.</summary>
    public static ulong Floor(ulong value)
    {
        var rest = value;
        var root = 0UL;
        var bit = 1UL << 62;
        while (bit > rest)
        {
            bit >>= 2;
        }

        while (bit != 0)
        {
            if (rest >= root + bit)
            {
                rest -= root + bit;
                root = (root >> 1) + bit;
            }
            else
            {
                root >>= 1;
            }

            bit >>= 2;
        }

        return root;
    }
}
