namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>
/// Proportional split with a ceiling per item ("water filling"): split the budget among the open items by
/// <see cref="Apportionment"/>; every item whose share exceeds its ceiling is fixed at the ceiling and leaves the
/// open set; repeat with what remains until no share exceeds its ceiling. Each round fixes at least one item, so
/// there are at most <c>n + 1</c> rounds. What no open item can take is returned as unplaced.
/// </summary>
public static class CappedApportionment
{
    /// <summary>Splits <paramref name="budget"/> by <paramref name="weights"/> with per-item <paramref name="ceilings"/>.</summary>
    /// <param name="budget">Units to split; not negative.</param>
    /// <param name="weights">Non-negative weights; items of weight 0 get 0.</param>
    /// <param name="ceilings">Most each item may receive; not negative.</param>
    /// <returns>The shares and the unplaced rest; <c>Σ shares + unplaced = budget</c>.</returns>
    public static (long[] Shares, long Unplaced) Allocate(long budget, IReadOnlyList<long> weights, IReadOnlyList<long> ceilings)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(ceilings);
        ArgumentOutOfRangeException.ThrowIfNegative(budget);
        if (weights.Count != ceilings.Count)
        {
            throw new ArgumentException("one ceiling per weight is required", nameof(ceilings));
        }

        var shares = new long[weights.Count];
        var open = Enumerable.Range(0, weights.Count).Where(i => weights[i] > 0).ToList();
        var remaining = budget;
        while (open.Count > 0 && remaining > 0)
        {
            var round = Apportionment.Allocate(remaining, open.Select(i => weights[i]).ToArray());
            var stillOpen = new List<int>(open.Count);
            for (var k = 0; k < open.Count; k++)
            {
                var i = open[k];
                if (round[k] > ceilings[i])
                {
                    shares[i] = ceilings[i];
                    remaining -= ceilings[i];
                }
                else
                {
                    stillOpen.Add(i);
                }
            }

            if (stillOpen.Count == open.Count)
            {
                for (var k = 0; k < open.Count; k++)
                {
                    shares[open[k]] = round[k];
                }

                return (shares, 0);
            }

            open = stillOpen;
        }

        return (shares, remaining);
    }
}
