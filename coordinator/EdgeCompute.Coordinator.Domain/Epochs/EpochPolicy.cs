namespace EdgeCompute.Coordinator.Domain.Epochs;

/// <summary>
/// How epochs are cut and how their pot is shared. Money is in integer micro-units; shares are basis points
/// (1/10,000) so no floating point ever touches an amount. Bound from the <c>EpochPolicy</c> configuration section
/// and checked with <see cref="Validate"/> at start.
/// </summary>
public sealed record EpochPolicy
{
    /// <summary>The account that receives units no owner may take (share-cap or data-cap overflow, empty epochs); they are emitted again later.</summary>
    public const string DefaultCarryAccount = "system:emission";

    /// <summary>Start of epoch 0 (UTC).</summary>
    public DateTimeOffset Genesis { get; init; } = DateTimeOffset.UnixEpoch;

    /// <summary>Length of every epoch; at least one second.</summary>
    public TimeSpan EpochLength { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Micro-units emitted per epoch, before the fees of the jobs verified in it are added.</summary>
    public long EmissionPerEpoch { get; init; } = 1_000_000_000;

    /// <summary>Per-owner share cap of the pot in basis points (2,000 = 20 %); 10,000 disables the cap.</summary>
    public int OwnerShareCapBasisPoints { get; init; } = 2_000;

    /// <summary>
    /// Dampening above the cap: the part of an owner's excess over the cap the owner keeps, in basis points
    /// (0 = hard cap, 2,500 = keeps a quarter of the excess). The rest is redistributed.
    /// </summary>
    public int ExcessRetainedBasisPoints { get; init; } = 2_500;

    /// <summary>Most micro-units one device may earn from data rewards in one epoch; <see cref="long.MaxValue"/> for no cap.</summary>
    public long DataRewardCapPerDevice { get; init; } = 10_000_000;

    /// <summary>Weight of the work pool in the split of the pot (relative to <see cref="DataWeight"/>).</summary>
    public int WorkWeight { get; init; } = 80;

    /// <summary>Weight of the data pool in the split of the pot (relative to <see cref="WorkWeight"/>).</summary>
    public int DataWeight { get; init; } = 20;

    /// <summary>Where units that cannot be placed go; see <see cref="DefaultCarryAccount"/>.</summary>
    public string CarryAccount { get; init; } = DefaultCarryAccount;

    /// <summary>Checks every setting; the failure names the setting.</summary>
    /// <returns>Success, or the first broken setting with its reason.</returns>
    public EpochPolicyValidation Validate()
    {
        if (EpochLength < TimeSpan.FromSeconds(1))
        {
            return EpochPolicyValidation.Fail(nameof(EpochLength), $"must be at least 1 second, was {EpochLength}");
        }

        if (Genesis.Offset != TimeSpan.Zero)
        {
            return EpochPolicyValidation.Fail(nameof(Genesis), $"must be UTC, had offset {Genesis.Offset}");
        }

        if (EmissionPerEpoch < 0)
        {
            return EpochPolicyValidation.Fail(nameof(EmissionPerEpoch), $"must not be negative, was {EmissionPerEpoch}");
        }

        if (OwnerShareCapBasisPoints is <= 0 or > 10_000)
        {
            return EpochPolicyValidation.Fail(nameof(OwnerShareCapBasisPoints), $"must be in 1..10000, was {OwnerShareCapBasisPoints}");
        }

        if (ExcessRetainedBasisPoints is < 0 or > 10_000)
        {
            return EpochPolicyValidation.Fail(nameof(ExcessRetainedBasisPoints), $"must be in 0..10000, was {ExcessRetainedBasisPoints}");
        }

        if (DataRewardCapPerDevice <= 0)
        {
            return EpochPolicyValidation.Fail(nameof(DataRewardCapPerDevice), $"must be positive, was {DataRewardCapPerDevice}");
        }

        if (WorkWeight < 0 || DataWeight < 0 || WorkWeight + (long)DataWeight == 0)
        {
            return EpochPolicyValidation.Fail(
                WorkWeight < 0 ? nameof(WorkWeight) : nameof(DataWeight),
                $"weights must not be negative and must not both be zero, were {WorkWeight}/{DataWeight}");
        }

        if (string.IsNullOrWhiteSpace(CarryAccount))
        {
            return EpochPolicyValidation.Fail(nameof(CarryAccount), "must name an account");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(CarryAccount) > 255)
        {
            return EpochPolicyValidation.Fail(nameof(CarryAccount), "must be at most 255 UTF-8 bytes (statements encode it as str8)");
        }

        return EpochPolicyValidation.Success;
    }
}
