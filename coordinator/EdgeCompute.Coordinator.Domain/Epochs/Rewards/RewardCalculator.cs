using EdgeCompute.Coordinator.Domain.Epochs.Fairness;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>
/// Turns one epoch's verified credits into a <see cref="PayoutPlan"/>:
/// <list type="number">
/// <item><description>Only items whose verification committed inside the epoch count.</description></item>
/// <item><description>Pot = emission + fees of the jobs verified in the epoch.</description></item>
/// <item><description>The pot is split into a work and a data pool by the policy weights (largest remainder, ties to
/// work); a pool without credits is given to the other pool; with no credits at all the pot is carried.</description></item>
/// <item><description>The work pool is shared per owner in proportion to cost units (largest remainder in
/// <see cref="OwnerOrder"/>).</description></item>
/// <item><description>The data pool is shared per approved device (<c>owner/device</c>) in proportion to qualified
/// readings, each device at most <see cref="EpochPolicy.DataRewardCapPerDevice"/>; what capped devices cannot take
/// goes to the uncapped ones, and when all are capped the rest is carried.</description></item>
/// <item><description><see cref="ShareCapFairness"/> dampens owners above the share cap; unplaced units are carried.</description></item>
/// </list>
/// Every step is integer arithmetic that conserves units, so <c>Σ payouts + carried = pot</c> exactly.
/// </summary>
public sealed class RewardCalculator
{
    private readonly EpochPolicy _policy;

    /// <summary>Creates the calculator.</summary>
    /// <param name="policy">A valid policy.</param>
    /// <exception cref="ArgumentException">The policy is invalid; the message names the setting.</exception>
    public RewardCalculator(EpochPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var validation = policy.Validate();
        if (!validation.IsValid)
        {
            throw new ArgumentException(validation.ToString(), nameof(policy));
        }

        _policy = policy;
    }

    /// <summary>Computes the payouts of <paramref name="epoch"/>.</summary>
    /// <param name="epoch">The epoch.</param>
    /// <param name="inputs">Credits and fees; items outside the epoch are ignored.</param>
    /// <returns>The balanced plan.</returns>
    /// <exception cref="ArgumentException">A credit with a negative value or a malformed owner id.</exception>
    public PayoutPlan Calculate(EpochWindow epoch, EpochInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Calculate(epoch, inputs.WorkCredits, inputs.DataCredits, inputs.JobFees);
    }

    /// <summary>Computes the payouts of <paramref name="epoch"/>.</summary>
    /// <param name="epoch">The epoch.</param>
    /// <param name="work">Verified work credits.</param>
    /// <param name="data">Quality-checked data credits.</param>
    /// <param name="fees">Fees of verified jobs.</param>
    /// <returns>The balanced plan.</returns>
    /// <exception cref="ArgumentException">A credit with a negative value or a malformed owner id.</exception>
    public PayoutPlan Calculate(EpochWindow epoch, IReadOnlyList<WorkCredit> work, IReadOnlyList<DataCredit> data, IReadOnlyList<VerifiedJobFee> fees)
    {
        ArgumentNullException.ThrowIfNull(epoch);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(fees);

        var adjustments = new List<PayoutAdjustment>();
        var credits = RewardInputs.Collect(epoch, work, data, fees, adjustments);
        var pot = checked(_policy.EmissionPerEpoch + credits.Fees);
        var owners = credits.Owners;

        if (owners.Count == 0)
        {
            adjustments.Add(new PayoutAdjustment(_policy.CarryAccount, AdjustmentReason.NoCredits, pot, $"no verified credits in epoch {epoch.Id}: the pot {pot} is carried"));
            return Finish(epoch, credits.Fees, pot, 0, 0, [], pot, adjustments);
        }

        var (workPool, dataPool) = SplitPot(pot, credits.HasWork, credits.HasData, adjustments);

        var workShares = credits.HasWork ? Apportionment.Allocate(workPool, owners.Select(o => credits.WorkUnits.GetValueOrDefault(o)).ToArray()) : new long[owners.Count];
        var (dataByOwner, dataUnplaced) = ShareData(dataPool, credits, adjustments);

        var raw = new long[owners.Count];
        for (var i = 0; i < owners.Count; i++)
        {
            raw[i] = checked(workShares[i] + dataByOwner.GetValueOrDefault(owners[i]));
        }

        var fairness = ShareCapFairness.Apply(pot, owners, raw, _policy.OwnerShareCapBasisPoints, _policy.ExcessRetainedBasisPoints);
        adjustments.AddRange(fairness.Adjustments);
        if (fairness.Unplaced > 0)
        {
            adjustments.Add(new PayoutAdjustment(_policy.CarryAccount, AdjustmentReason.Carried, fairness.Unplaced, $"{fairness.Unplaced} freed above the share cap {fairness.CapAmount} could not be placed: every other owner is at the cap"));
        }

        var payouts = new OwnerPayout[owners.Count];
        for (var i = 0; i < owners.Count; i++)
        {
            var d = dataByOwner.GetValueOrDefault(owners[i]);
            payouts[i] = new OwnerPayout(owners[i], workShares[i], d, fairness.Amounts[i] - raw[i], fairness.Amounts[i]);
        }

        return Finish(epoch, credits.Fees, pot, workPool, dataPool, payouts, dataUnplaced + fairness.Unplaced, adjustments);
    }

    private (long Work, long Data) SplitPot(long pot, bool hasWork, bool hasData, List<PayoutAdjustment> adjustments)
    {
        long workWeight = _policy.WorkWeight;
        long dataWeight = _policy.DataWeight;
        if (!hasData && dataWeight > 0)
        {
            adjustments.Add(new PayoutAdjustment("pool:data", AdjustmentReason.EmptyPoolMoved, 0, "no data credits: the data pool goes to work"));
            (workWeight, dataWeight) = (1, 0);
        }
        else if (!hasWork && workWeight > 0)
        {
            adjustments.Add(new PayoutAdjustment("pool:work", AdjustmentReason.EmptyPoolMoved, 0, "no work credits: the work pool goes to data"));
            (workWeight, dataWeight) = (0, 1);
        }

        var split = Apportionment.Allocate(pot, [workWeight, dataWeight]);
        return (split[0], split[1]);
    }

    private (Dictionary<string, long> ByOwner, long Unplaced) ShareData(long dataPool, RewardInputs credits, List<PayoutAdjustment> adjustments)
    {
        var byOwner = new Dictionary<string, long>(StringComparer.Ordinal);
        if (!credits.HasData || dataPool == 0)
        {
            return (byOwner, 0);
        }

        var devices = credits.DeviceReadings;
        var readings = devices.Select(d => d.Value).ToArray();
        var cap = _policy.DataRewardCapPerDevice;
        var (shares, unplaced) = CappedApportionment.Allocate(dataPool, readings, Enumerable.Repeat(cap, readings.Length).ToArray());
        var plain = Apportionment.Allocate(dataPool, readings);
        for (var i = 0; i < devices.Count; i++)
        {
            var (owner, device) = devices[i].Key;
            byOwner[owner] = byOwner.GetValueOrDefault(owner) + shares[i];
            if (plain[i] > cap)
            {
                adjustments.Add(new PayoutAdjustment($"{owner}/{device}", AdjustmentReason.DataCapApplied, shares[i] - plain[i], $"proportional data reward {plain[i]} cut to the per-device cap {cap}"));
            }
        }

        if (unplaced > 0)
        {
            adjustments.Add(new PayoutAdjustment(_policy.CarryAccount, AdjustmentReason.Carried, unplaced, $"{unplaced} of the data pool {dataPool} could not be placed: every device is at the cap {cap}"));
        }

        return (byOwner, unplaced);
    }

    private PayoutPlan Finish(EpochWindow epoch, long fees, long pot, long workPool, long dataPool, OwnerPayout[] payouts, long carried, List<PayoutAdjustment> adjustments)
    {
        var plan = new PayoutPlan(epoch.Id, _policy.EmissionPerEpoch, fees, pot, workPool, dataPool, payouts, carried, _policy.CarryAccount, adjustments);
        if (!plan.IsBalanced)
        {
            throw new InvalidOperationException($"payout plan of epoch {epoch.Id} does not balance: paid {plan.TotalPaid} + carried {carried} != pot {pot}");
        }

        return plan;
    }

    /// <summary>Checks an owner id for statements (called by <see cref="RewardInputs"/>).</summary>
    internal static void RequireOwner(string owner) => OwnerIdEncoding.Encode(owner);
}
