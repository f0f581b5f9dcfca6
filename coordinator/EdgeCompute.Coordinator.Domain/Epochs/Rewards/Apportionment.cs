namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>
/// Largest-remainder (Hamilton) apportionment in integers: each share is <c>floor(budget·wᵢ/W)</c>, then the units
/// left over go one each to the largest remainders <c>budget·wᵢ mod W</c>, ties to the lower index. The caller lists
/// items in canonical order, so the result is deterministic and sums to the budget exactly.
/// </summary>
public static class Apportionment
{
    /// <summary>Splits <paramref name="budget"/> in proportion to <paramref name="weights"/>.</summary>
    /// <param name="budget">Units to split; not negative.</param>
    /// <param name="weights">Non-negative weights with a positive sum.</param>
    /// <returns>One share per weight; the shares sum to <paramref name="budget"/>.</returns>
    public static long[] Allocate(long budget, IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        long total = 0;
        foreach (var w in weights)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(w, nameof(weights));
            total = checked(total + w);
        }

        if (total == 0)
        {
            throw new ArgumentException("weights must have a positive sum", nameof(weights));
        }

        var shares = new long[weights.Count];
        var remainders = new long[weights.Count];
        long given = 0;
        for (var i = 0; i < shares.Length; i++)
        {
            var product = (Int128)budget * weights[i];
            shares[i] = (long)(product / total);
            remainders[i] = (long)(product % total);
            given += shares[i];
        }

        var left = budget - given;
        if (left > 0)
        {
            // left < number of weights with a non-zero remainder, so only those are ranked.
            var order = Enumerable.Range(0, shares.Length).Where(i => remainders[i] > 0).ToArray();
            Array.Sort(order, (a, b) => remainders[a] != remainders[b] ? remainders[b].CompareTo(remainders[a]) : a.CompareTo(b));
            for (var k = 0; k < left; k++)
            {
                shares[order[k]]++;
            }
        }

        return shares;
    }
}
