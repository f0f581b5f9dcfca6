using System.Numerics;

namespace EdgeCompute.Protocol.Telemetry;

/// <summary>
/// One channel of a window summary: values are integer mantissas with the channel's decimal
/// <see cref="Exponent"/> (the value is <c>mantissa × 10^Exponent</c>); <see cref="Variance"/> uses exponent <c>2 × Exponent</c>.
/// </summary>
/// <param name="Channel">The channel name, <c>[a-z0-9-]{1,16}</c> (for example <c>temp</c>).</param>
/// <param name="Unit">The SenML unit (for example <c>Cel</c>); may be empty.</param>
/// <param name="Exponent">The channel's decimal exponent (for example -2 for 0.01 °C).</param>
/// <param name="Count">How many readings the summary accounts for (≥ 1).</param>
/// <param name="Min">The smallest reading.</param>
/// <param name="Max">The largest reading.</param>
/// <param name="Mean">sum / count, rounded half away from zero.</param>
/// <param name="Variance">Population variance (M2 / count) at exponent <c>2 × Exponent</c>, rounded half away from zero.</param>
public sealed record ChannelSummary(string Channel, string Unit, int Exponent, long Count, long Min, long Max, long Mean, long Variance)
{
    /// <summary>The longest channel name.</summary>
    public const int MaxChannelLength = 16;

    /// <summary>
    /// Summarises raw mantissas with the spec's exact integer arithmetic (the same as the firmware and the
    /// <c>stats.window</c> kernel): mean = sum / n and variance = (n·Σx² − (Σx)²) / n², both rounded half away from zero.
    /// </summary>
    /// <param name="channel">The channel name.</param>
    /// <param name="unit">The SenML unit.</param>
    /// <param name="exponent">The decimal exponent of <paramref name="mantissas"/>.</param>
    /// <param name="mantissas">The readings of the window (at least one).</param>
    /// <returns>The summary.</returns>
    /// <exception cref="ArgumentException">No readings.</exception>
    public static ChannelSummary FromSamples(string channel, string unit, int exponent, ReadOnlySpan<long> mantissas)
    {
        if (mantissas.IsEmpty)
        {
            throw new ArgumentException("a channel summary needs at least one reading", nameof(mantissas));
        }

        BigInteger sum = 0, sumOfSquares = 0;
        long min = long.MaxValue, max = long.MinValue;
        foreach (var x in mantissas)
        {
            sum += x;
            sumOfSquares += (BigInteger)x * x;
            min = Math.Min(min, x);
            max = Math.Max(max, x);
        }

        BigInteger n = mantissas.Length;
        var mean = RoundHalfAwayFromZero(sum, n);
        var variance = RoundHalfAwayFromZero((n * sumOfSquares) - (sum * sum), n * n);
        return new ChannelSummary(channel, unit, exponent, mantissas.Length, min, max, (long)mean, (long)variance);
    }

    /// <summary>numerator / denominator (denominator &gt; 0) rounded half away from zero.</summary>
    internal static BigInteger RoundHalfAwayFromZero(BigInteger numerator, BigInteger denominator)
    {
        var magnitude = ((2 * BigInteger.Abs(numerator)) + denominator) / (2 * denominator);
        return numerator.Sign < 0 ? -magnitude : magnitude;
    }
}
