using EdgeCompute.Coordinator.Domain.Epochs.Rewards;

namespace EdgeCompute.Coordinator.Domain.Epochs.Fairness;

/// <summary>
/// The per-owner share cap. With pot <c>P</c>, cap <c>c</c> (basis points) and retained fraction <c>k</c> (basis points):
/// <list type="number">
/// <item><description><c>C = floor(P·c/10,000)</c>.</description></item>
/// <item><description>Every owner with <c>raw &gt; C</c> is dampened once, on the raw amount:
/// <c>C + floor((raw − C)·k/10,000)</c>; the rest of the excess is freed.</description></item>
/// <item><description>The other owners share their raw amounts plus everything freed in proportion to their raw
/// amounts, none above <c>C</c> (<see cref="CappedApportionment"/>: an owner pushed over <c>C</c> is fixed at
/// <c>C</c> and the rest goes on to the others, iterated until stable — at most one round per owner).</description></item>
/// <item><description>What nobody can take (all eligible owners at <c>C</c>, e.g. fewer than <c>10,000/c</c>
/// owners) is unplaced and the caller carries it to the carry account.</description></item>
/// </list>
/// Nobody below the cap loses units; amounts plus unplaced equal the sum of the raw amounts exactly.
/// </summary>
public static class ShareCapFairness
{
    /// <summary>Applies the cap.</summary>
    /// <param name="pot">The epoch's pot (the cap is a share of it).</param>
    /// <param name="owners">Owner ids in canonical order.</param>
    /// <param name="raw">Each owner's amount before fairness.</param>
    /// <param name="capBasisPoints">Share cap, 1..10,000.</param>
    /// <param name="retainedBasisPoints">Part of the excess a capped owner keeps, 0..10,000.</param>
    /// <returns>The amounts, the unplaced rest and the adjustments.</returns>
    public static FairnessOutcome Apply(long pot, IReadOnlyList<string> owners, IReadOnlyList<long> raw, int capBasisPoints, int retainedBasisPoints)
    {
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentOutOfRangeException.ThrowIfNegative(pot);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capBasisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(capBasisPoints, 10_000);
        ArgumentOutOfRangeException.ThrowIfNegative(retainedBasisPoints);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(retainedBasisPoints, 10_000);

        var cap = (long)((Int128)pot * capBasisPoints / 10_000);
        var amounts = raw.ToArray();
        var adjustments = new List<PayoutAdjustment>();
        long freed = 0;
        var others = new List<int>();
        for (var i = 0; i < amounts.Length; i++)
        {
            if (raw[i] > cap)
            {
                var excess = raw[i] - cap;
                var kept = (long)((Int128)excess * retainedBasisPoints / 10_000);
                amounts[i] = cap + kept;
                freed += excess - kept;
                adjustments.Add(new PayoutAdjustment(
                    owners[i],
                    AdjustmentReason.ShareCapDampened,
                    -(excess - kept),
                    $"raw {raw[i]} is {Share(raw[i], pot)} of the pot {pot}, above the cap {cap} ({capBasisPoints} bp); "
                    + $"keeps the cap plus {retainedBasisPoints} bp of the excess {excess} = {amounts[i]}; {excess - kept} redistributed"));
            }
            else
            {
                others.Add(i);
            }
        }

        if (freed == 0)
        {
            return new FairnessOutcome(cap, amounts, 0, adjustments);
        }

        var weights = others.Select(i => raw[i]).ToArray();
        var budget = checked(weights.Sum() + freed);
        var (shares, unplaced) = CappedApportionment.Allocate(budget, weights, Enumerable.Repeat(cap, weights.Length).ToArray());
        for (var k = 0; k < others.Count; k++)
        {
            var i = others[k];
            amounts[i] = shares[k];
            if (shares[k] != raw[i])
            {
                adjustments.Add(new PayoutAdjustment(
                    owners[i],
                    AdjustmentReason.ShareCapRedistributed,
                    shares[k] - raw[i],
                    $"receives {shares[k] - raw[i]} of the {freed} freed above the cap, in proportion to raw {raw[i]}"
                    + (shares[k] == cap ? $", stopped at the cap {cap}" : string.Empty)));
            }
        }

        return new FairnessOutcome(cap, amounts, unplaced, adjustments);
    }

    private static string Share(long part, long whole) =>
        whole == 0 ? "0 bp" : $"{(long)((Int128)part * 10_000 / whole)} bp";
}
