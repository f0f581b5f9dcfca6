using System.Globalization;
using System.Numerics;

namespace EdgeCompute.Firmware.Core.Tests.Frames;

/// <summary>Independent expectations for window summaries: exact big-integer statistics and SenML notation.</summary>
internal static class SenmlExpectation
{
    public static long RoundHalfAwayFromZero(BigInteger numerator, BigInteger denominator)
    {
        var quotient = BigInteger.DivRem(BigInteger.Abs(numerator) * 2 + denominator, denominator * 2, out _);
        return (long)(numerator.Sign < 0 ? -quotient : quotient);
    }

    public static long Mean(int[] values) =>
        RoundHalfAwayFromZero(values.Aggregate(BigInteger.Zero, (s, v) => s + v), values.Length);

    public static long Variance(int[] values)
    {
        BigInteger n = values.Length, sum = 0, squares = 0;
        foreach (var v in values)
        {
            sum += v;
            squares += (BigInteger)v * v;
        }

        return RoundHalfAwayFromZero((n * squares) - (sum * sum), n * n);
    }

    public static string Time(long ms) => ms % 1000 == 0
        ? (ms / 1000).ToString(CultureInfo.InvariantCulture)
        : "4([-3, " + ms.ToString(CultureInfo.InvariantCulture) + "])";

    public static string Scaled(int exponent, long mantissa) => exponent == 0
        ? mantissa.ToString(CultureInfo.InvariantCulture)
        : "4([" + exponent.ToString(CultureInfo.InvariantCulture) + ", " + mantissa.ToString(CultureInfo.InvariantCulture) + "])";

    public static string Channel(string? baseName, long startMs, long lengthMs, string name, string unit, int exponent, int[] values)
    {
        var t = Time(lengthMs);
        var u = "1: \"" + unit + "\", ";
        var head = baseName == null ? "{" : "{-2: \"" + baseName + "\", -3: " + Time(startMs) + ", ";
        return head + "0: \"" + name + "/count\", 2: " + values.Length + ", 6: " + t + "}, "
            + "{0: \"" + name + "/min\", " + u + "2: " + Scaled(exponent, values.Min()) + ", 6: " + t + "}, "
            + "{0: \"" + name + "/max\", " + u + "2: " + Scaled(exponent, values.Max()) + ", 6: " + t + "}, "
            + "{0: \"" + name + "/mean\", " + u + "2: " + Scaled(exponent, Mean(values)) + ", 6: " + t + "}, "
            + "{0: \"" + name + "/var\", 2: " + Scaled(2 * exponent, Variance(values)) + ", 6: " + t + "}";
    }
}
