namespace EdgeCompute.Coordinator.Domain.Epochs.Metrics;

/// <summary>
/// Inequality metrics over the amounts of an epoch statement — every listed owner, zeros included (an owner who
/// earned credits but was paid 0 counts; owners without credits are not listed). The carry account is not an owner.
/// With amounts sorted ascending <c>x₁ ≤ … ≤ xₙ</c> and total <c>T</c>:
/// <list type="bullet">
/// <item><description>Gini = <c>(2·Σ i·xᵢ − (n+1)·T) / (n·T)</c>, exact; 0 when <c>T = 0</c>. All equal → 0; one
/// owner holding everything → <c>(n−1)/n</c>.</description></item>
/// <item><description>Nakamoto = least <c>k</c> with (sum of the <c>k</c> largest) &gt; <c>T/2</c>; 0 when
/// <c>T = 0</c>. All equal → <c>⌊n/2⌋+1</c>.</description></item>
/// <item><description>Top-decile share = (sum of the <c>⌈n/10⌉</c> largest) / <c>T</c>; 0 when <c>T = 0</c>.</description></item>
/// </list>
/// </summary>
public static class PayoutMetricsCalculator
{
    /// <summary>Computes the metrics.</summary>
    /// <param name="amounts">Non-negative amounts, one per owner, any order.</param>
    /// <returns>The metrics.</returns>
    public static PayoutMetrics Compute(IEnumerable<long> amounts)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var sorted = amounts.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        if (n > 0)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(sorted[0], nameof(amounts));
        }

        Int128 total = 0;
        Int128 weighted = 0;
        for (var i = 0; i < n; i++)
        {
            total += sorted[i];
            weighted += (Int128)(i + 1) * sorted[i];
        }

        if (total == 0)
        {
            return new PayoutMetrics(n, Ratio.Zero, 0, Ratio.Zero);
        }

        var gini = new Ratio((2 * weighted) - ((n + 1) * total), n * total);

        var nakamoto = 0;
        Int128 top = 0;
        while (2 * top <= total)
        {
            top += sorted[n - 1 - nakamoto];
            nakamoto++;
        }

        var decile = (n + 9) / 10;
        Int128 decileSum = 0;
        for (var k = 0; k < decile; k++)
        {
            decileSum += sorted[n - 1 - k];
        }

        return new PayoutMetrics(n, gini, nakamoto, new Ratio(decileSum, total));
    }
}
