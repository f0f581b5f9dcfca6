namespace EdgeCompute.Coordinator.Domain.Epochs.Rewards;

/// <summary>One epoch's credits, checked, filtered to the epoch and summed per owner and per device.</summary>
internal sealed class RewardInputs
{
    private RewardInputs()
    {
    }

    /// <summary>Fees of the jobs verified in the epoch.</summary>
    public long Fees { get; private set; }

    /// <summary>Cost units per owner (owners with a positive total only).</summary>
    public Dictionary<string, long> WorkUnits { get; } = new(StringComparer.Ordinal);

    /// <summary>Qualified readings per approved (owner, device), positive only, in canonical order.</summary>
    public List<KeyValuePair<(string Owner, string Device), long>> DeviceReadings { get; private set; } = [];

    /// <summary>Every participating owner, in <see cref="OwnerOrder"/>.</summary>
    public List<string> Owners { get; private set; } = [];

    /// <summary>True when some owner has cost units.</summary>
    public bool HasWork => WorkUnits.Count > 0;

    /// <summary>True when some approved device has readings.</summary>
    public bool HasData => DeviceReadings.Count > 0;

    /// <summary>Checks and sums the inputs.</summary>
    public static RewardInputs Collect(EpochWindow epoch, IReadOnlyList<WorkCredit> work, IReadOnlyList<DataCredit> data, IReadOnlyList<VerifiedJobFee> fees, List<PayoutAdjustment> adjustments)
    {
        var result = new RewardInputs();
        var outside = 0;
        foreach (var fee in fees)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(fee.Fee, nameof(fees));
            if (epoch.Contains(fee.VerifiedAt))
            {
                result.Fees = checked(result.Fees + fee.Fee);
            }
            else
            {
                outside++;
            }
        }

        foreach (var credit in work)
        {
            RewardCalculator.RequireOwner(credit.Owner);
            ArgumentOutOfRangeException.ThrowIfNegative(credit.CostUnits, nameof(work));
            if (!epoch.Contains(credit.VerifiedAt))
            {
                outside++;
            }
            else if (credit.CostUnits > 0)
            {
                result.WorkUnits[credit.Owner] = checked(result.WorkUnits.GetValueOrDefault(credit.Owner) + credit.CostUnits);
            }
        }

        var devices = new Dictionary<(string, string), long>();
        var unapproved = new SortedSet<(string Owner, string Device)>(Comparer<(string Owner, string Device)>.Create(
            (a, b) => OwnerOrder.Instance.Compare(a.Owner, b.Owner) is var c and not 0 ? c : OwnerOrder.Instance.Compare(a.Device, b.Device)));
        foreach (var credit in data)
        {
            RewardCalculator.RequireOwner(credit.Owner);
            ArgumentException.ThrowIfNullOrEmpty(credit.Device, nameof(data));
            ArgumentOutOfRangeException.ThrowIfNegative(credit.QualifiedReadings, nameof(data));
            if (!epoch.Contains(credit.VerifiedAt))
            {
                outside++;
            }
            else if (!credit.DeviceApproved)
            {
                unapproved.Add((credit.Owner, credit.Device));
            }
            else if (credit.QualifiedReadings > 0)
            {
                var key = (credit.Owner, credit.Device);
                devices[key] = checked(devices.GetValueOrDefault(key) + credit.QualifiedReadings);
            }
        }

        foreach (var (owner, device) in unapproved)
        {
            adjustments.Add(new PayoutAdjustment($"{owner}/{device}", AdjustmentReason.DeviceNotApproved, 0, "device not approved for data rewards: its readings earn nothing"));
        }

        if (outside > 0)
        {
            adjustments.Add(new PayoutAdjustment($"epoch:{epoch.Id}", AdjustmentReason.BookedInAnotherEpoch, 0, $"{outside} credits or fees committed outside [{epoch.Start:O}, {epoch.End:O}) are booked in their own epoch"));
        }

        result.DeviceReadings = devices
            .OrderBy(d => d.Key.Item1, OwnerOrder.Instance)
            .ThenBy(d => d.Key.Item2, OwnerOrder.Instance)
            .Select(d => KeyValuePair.Create((d.Key.Item1, d.Key.Item2), d.Value))
            .ToList();
        result.Owners = result.WorkUnits.Keys
            .Concat(result.DeviceReadings.Select(d => d.Key.Owner))
            .Distinct(StringComparer.Ordinal)
            .Order(OwnerOrder.Instance)
            .ToList();
        return result;
    }
}
