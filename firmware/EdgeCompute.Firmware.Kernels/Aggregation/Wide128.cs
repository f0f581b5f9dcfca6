using System;

namespace EdgeCompute.Firmware.Kernels.Aggregation;

/// <summary>
/// An unsigned 128-bit integer: just enough arithmetic for exact window statistics, because
/// nanoFramework has no <c>UInt128</c> or <c>BigInteger</c>. A value type, so it never allocates.
/// </summary>
internal struct Wide128
{
    /// <summary>The upper 64 bits.</summary>
    public ulong High;

    /// <summary>The lower 64 bits.</summary>
    public ulong Low;

    /// <summary>Creates the value <c>high · 2^64 + low</c>.</summary>
    public Wide128(ulong high, ulong low)
    {
        High = high;
        Low = low;
    }

    /// <summary>Adds a 64-bit value in place; throws when the sum passes 2^128.</summary>
    public void Add(ulong value)
    {
        var low = unchecked(Low + value);
        if (low < value)
        {
            if (High == ulong.MaxValue)
            {
                throw new InvalidOperationException("Wide128 overflow.");
            }

            High++;
        }

        Low = low;
    }

    /// <summary><paramref name="a"/> + <paramref name="b"/>; throws when the sum passes 2^128.</summary>
    public static Wide128 Add(Wide128 a, Wide128 b)
    {
        var low = unchecked(a.Low + b.Low);
        var carry = low < a.Low ? 1UL : 0UL;
        var high = unchecked(a.High + b.High + carry);
        if (high < a.High || (carry != 0 && high == a.High))
        {
            throw new InvalidOperationException("Wide128 overflow.");
        }

        return new Wide128(high, low);
    }

    /// <summary>The full 128-bit product of two 64-bit values.</summary>
    public static Wide128 Multiply(ulong a, ulong b)
    {
        var aLow = a & 0xFFFFFFFFUL;
        var aHigh = a >> 32;
        var bLow = b & 0xFFFFFFFFUL;
        var bHigh = b >> 32;

        var lowLow = aLow * bLow;
        var highLow = aHigh * bLow;
        var lowHigh = aLow * bHigh;
        var highHigh = aHigh * bHigh;

        // Middle column: each partial is below 2^64 and the carries are below 2^33, so this cannot overflow.
        var middle = (lowLow >> 32) + (highLow & 0xFFFFFFFFUL) + (lowHigh & 0xFFFFFFFFUL);
        var low = (middle << 32) | (lowLow & 0xFFFFFFFFUL);
        var high = highHigh + (highLow >> 32) + (lowHigh >> 32) + (middle >> 32);
        return new Wide128(high, low);
    }

    /// <summary>The square of a signed 64-bit value (always non-negative, below 2^126).</summary>
    public static Wide128 Square(long value)
    {
        var magnitude = Magnitude(value);
        return Multiply(magnitude, magnitude);
    }

    /// <summary>The product of <paramref name="a"/> and a 64-bit value; throws when it passes 2^128.</summary>
    public static Wide128 Multiply(Wide128 a, ulong b)
    {
        var low = Multiply(a.Low, b);
        var high = Multiply(a.High, b);
        var top = unchecked(high.Low + low.High);
        if (high.High != 0 || top < low.High)
        {
            throw new InvalidOperationException("Wide128 overflow.");
        }

        return new Wide128(top, low.Low);
    }

    /// <summary><paramref name="a"/> − <paramref name="b"/>; throws when <paramref name="b"/> is larger.</summary>
    public static Wide128 Subtract(Wide128 a, Wide128 b)
    {
        if (Compare(a, b) < 0)
        {
            throw new InvalidOperationException("Wide128 underflow.");
        }

        var low = unchecked(a.Low - b.Low);
        var borrow = a.Low < b.Low ? 1UL : 0UL;
        return new Wide128(a.High - b.High - borrow, low);
    }

    /// <summary>−1, 0 or 1 as <paramref name="a"/> is below, equal to or above <paramref name="b"/>.</summary>
    public static int Compare(Wide128 a, Wide128 b)
    {
        if (a.High != b.High)
        {
            return a.High < b.High ? -1 : 1;
        }

        if (a.Low != b.Low)
        {
            return a.Low < b.Low ? -1 : 1;
        }

        return 0;
    }

    /// <summary>
    /// Divides by a non-zero 64-bit divisor whose quotient fits in 64 bits (<c>High &lt; divisor</c>),
    /// by restoring binary long division.
    /// </summary>
    public static ulong Divide(Wide128 dividend, ulong divisor, out ulong remainder)
    {
        if (divisor == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(divisor), "Zero divisor.");
        }

        if (dividend.High >= divisor)
        {
            throw new InvalidOperationException("Quotient overflow.");
        }

        var rest = dividend.High;
        var quotient = 0UL;
        for (var bit = 63; bit >= 0; bit--)
        {
            var carry = rest >> 63;
            rest = (rest << 1) | ((dividend.Low >> bit) & 1UL);
            quotient <<= 1;
            if (carry != 0 || rest >= divisor)
            {
                rest = unchecked(rest - divisor);
                quotient |= 1UL;
            }
        }

        remainder = rest;
        return quotient;
    }

    /// <summary>|value| as an unsigned number (exact for <see cref="long.MinValue"/>).</summary>
    public static ulong Magnitude(long value)
    {
        return value < 0 ? unchecked(0UL - (ulong)value) : (ulong)value;
    }
}
