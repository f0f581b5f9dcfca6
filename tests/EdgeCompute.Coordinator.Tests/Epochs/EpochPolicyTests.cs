using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using static EdgeCompute.Coordinator.Tests.Epochs.EpochFixtures;

namespace EdgeCompute.Coordinator.Tests.Epochs;

public class EpochPolicyTests
{
    [Fact]
    public void Default_policy_is_valid()
    {
        Assert.True(new EpochPolicy().Validate().IsValid);
    }

    public static TheoryData<EpochPolicy, string> BrokenPolicies => new()
    {
        { Policy() with { EpochLength = TimeSpan.Zero }, nameof(EpochPolicy.EpochLength) },
        { Policy() with { Genesis = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(2)) }, nameof(EpochPolicy.Genesis) },
        { Policy() with { EmissionPerEpoch = -1 }, nameof(EpochPolicy.EmissionPerEpoch) },
        { Policy() with { OwnerShareCapBasisPoints = 0 }, nameof(EpochPolicy.OwnerShareCapBasisPoints) },
        { Policy() with { OwnerShareCapBasisPoints = 10_001 }, nameof(EpochPolicy.OwnerShareCapBasisPoints) },
        { Policy() with { ExcessRetainedBasisPoints = -1 }, nameof(EpochPolicy.ExcessRetainedBasisPoints) },
        { Policy() with { DataRewardCapPerDevice = 0 }, nameof(EpochPolicy.DataRewardCapPerDevice) },
        { Policy() with { WorkWeight = -1 }, nameof(EpochPolicy.WorkWeight) },
        { Policy() with { WorkWeight = 0, DataWeight = 0 }, nameof(EpochPolicy.DataWeight) },
        { Policy() with { CarryAccount = " " }, nameof(EpochPolicy.CarryAccount) },
    };

    [Theory]
    [MemberData(nameof(BrokenPolicies))]
    public void Broken_setting_is_named(EpochPolicy policy, string setting)
    {
        var validation = policy.Validate();

        Assert.False(validation.IsValid);
        Assert.Equal(setting, validation.Setting);
        var error = Assert.Throws<ArgumentException>(() => new RewardCalculator(policy));
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}
