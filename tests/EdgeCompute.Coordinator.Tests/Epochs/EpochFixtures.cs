using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Domain.Epochs.Rewards;
using EdgeCompute.Coordinator.Domain.Epochs.Statements;

namespace EdgeCompute.Coordinator.Tests.Epochs;

/// <summary>Policies, windows and credits shared by the epoch tests.</summary>
internal static class EpochFixtures
{
    public static readonly DateTimeOffset Genesis = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly EpochWindow Epoch0 = new(0, Genesis, Genesis.AddHours(1));

    public static readonly LedgerChainHead Head = LedgerChainHead.Create(42, Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    /// <summary>One-hour epochs, 1,000,000 emitted, work only, no share cap, no data cap.</summary>
    public static EpochPolicy Policy(int capBasisPoints = 10_000, int retainedBasisPoints = 0, long emission = 1_000_000) => new()
    {
        Genesis = Genesis,
        EpochLength = TimeSpan.FromHours(1),
        EmissionPerEpoch = emission,
        OwnerShareCapBasisPoints = capBasisPoints,
        ExcessRetainedBasisPoints = retainedBasisPoints,
        DataRewardCapPerDevice = long.MaxValue,
        WorkWeight = 80,
        DataWeight = 20,
    };

    public static WorkCredit Work(string owner, long units, int minute = 10, string device = "dev") =>
        new(owner, $"{owner}-{device}", units, Genesis.AddMinutes(minute));

    public static DataCredit Data(string owner, string device, long readings, bool approved = true, int minute = 10) =>
        new(owner, device, readings, approved, Genesis.AddMinutes(minute));

    public static EpochInputs Inputs(IReadOnlyList<WorkCredit>? work = null, IReadOnlyList<DataCredit>? data = null, IReadOnlyList<VerifiedJobFee>? fees = null) =>
        new(work ?? [], data ?? [], fees ?? [], Head);

    public static long AmountOf(this PayoutPlan plan, string owner) => plan.Payouts.Single(p => p.Owner == owner).Amount;
}
