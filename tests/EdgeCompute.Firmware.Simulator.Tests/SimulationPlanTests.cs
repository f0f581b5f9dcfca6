using EdgeCompute.Firmware.Simulator.Behaviours;
using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Simulator.Tests;

public sealed class SimulationPlanTests
{
    [Fact]
    public async Task Fractions_pick_that_many_devices_the_same_way_for_the_same_seed()
    {
        var seed = TestSeed.Pick(601);
        var plan = new SimulationPlan { LazyFraction = 0.1, CheaterFraction = 0.2, FlakyLinkFraction = 0.5, RebootFraction = 0.3 };
        plan.Explicit["dev-0007"] = DeviceBehavior.Cheater | DeviceBehavior.FlakyLink;
        var first = Behaviors(seed, plan);
        Assert.Equal(first, Behaviors(seed, plan));
        Assert.NotEqual(first, Behaviors(seed + 1, plan));

        Assert.Equal(DeviceBehavior.Cheater | DeviceBehavior.FlakyLink, first[6]);
        var others = first.Where((_, i) => i != 6).ToArray();
        Assert.Equal(5, others.Count(b => b.HasFlag(DeviceBehavior.Lazy)));        // 10 % of 49, rounded
        Assert.Equal(10, others.Count(b => b.HasFlag(DeviceBehavior.Cheater)));
        Assert.Equal(25, others.Count(b => b.HasFlag(DeviceBehavior.FlakyLink)));
        Assert.Equal(15, others.Count(b => b.HasFlag(DeviceBehavior.Reboots)));
        Assert.DoesNotContain(first, b => b.HasFlag(DeviceBehavior.Lazy) && b.HasFlag(DeviceBehavior.Cheater));
        await Task.CompletedTask;
    }

    [Fact]
    public void Invalid_plan_is_refused_with_the_setting_name()
    {
        var plan = new SimulationPlan { LazyFraction = 0.7, CheaterFraction = 0.5 };
        var error = Assert.Throws<ArgumentException>(() => Fleets.Recorded(2, 1, plan));
        Assert.Contains("LazyFraction + CheaterFraction", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_carries_the_seed()
    {
        var seed = TestSeed.Pick(602);
        var (fleet, _, _) = Fleets.Recorded(3, seed);
        Assert.Equal(seed, fleet.Seed);
        Assert.Equal(seed, fleet.GetReport().Seed);
        Assert.Equal(3, fleet.GetReport().Devices.Count);
    }

    private static DeviceBehavior[] Behaviors(int seed, SimulationPlan plan) =>
        Fleets.Recorded(50, seed, plan).Fleet.Devices.Select(d => d.Behavior).ToArray();
}
