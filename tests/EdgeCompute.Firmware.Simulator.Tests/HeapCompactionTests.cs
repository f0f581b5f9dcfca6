using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Firmware.Simulator.Tests;

/// <summary>The simulator compacts its heap once a large burst of publishing has ended, never while it is under way.</summary>
public sealed class HeapCompactionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Compacts_once_the_threshold_of_rounds_has_run_and_none_is_under_way()
    {
        var compactions = 0;
        var underWay = true;
        var policy = new HeapCompaction(10, () => compactions++);

        Assert.False(policy.AfterStep(6, () => underWay));
        Assert.False(policy.AfterStep(4, () => underWay)); // 10 rounds, still under way
        underWay = false;
        Assert.True(policy.AfterStep(0, () => underWay));
        Assert.False(policy.AfterStep(0, () => underWay)); // counted again from zero
        Assert.False(policy.AfterStep(9, () => underWay));
        Assert.True(policy.AfterStep(1, () => underWay));
        Assert.Equal((2, 2), (compactions, policy.Compactions));
    }

    [Fact]
    public void A_threshold_of_zero_never_compacts_and_a_small_fleet_is_not_compacted_after_its_start()
    {
        var compactions = 0;
        var never = new HeapCompaction(0, () => compactions++);
        Assert.False(never.AfterStart(100_000));
        Assert.False(never.AfterStep(100_000, () => false));

        var policy = new HeapCompaction(1000, () => compactions++);
        Assert.False(policy.AfterStart(999));
        Assert.True(policy.AfterStart(1000));
        Assert.Equal(1, compactions);
    }

    [Fact]
    public async Task The_fleet_compacts_after_its_window_end_burst_is_acknowledged_and_not_before()
    {
        var seed = TestSeed.Pick(2103);
        var clock = new FakeTimeProvider(Fleets.Start);
        var links = new List<HeldLink>();
        var options = Fleets.Options(seed);
        options.WindowLengthMs = 10_000;
        var fleet = new FleetSimulator(Fleets.Identities(6, seed), options, null, clock, linkFactory: o =>
        {
            var link = new HeldLink(o);
            links.Add(link);
            return link;
        });
        await using var _ = fleet;
        var compactions = 0;
        fleet.Compaction = new HeapCompaction(6, () => compactions++);
        fleet.QueuePublishing = start => start();
        await fleet.StartAsync(Ct);
        Assert.Equal(1, compactions); // six devices connected: the threshold's fleet size

        fleet.SampleStep(Ct);
        for (var s = 0; s < 10; s++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            fleet.SampleStep(Ct);
        }

        // Every device sealed its window and waits for the PUBACK: six rounds under way, no compaction.
        Assert.All(fleet.Devices, d => Assert.True(d.IsPublishing));
        clock.Advance(TimeSpan.FromSeconds(1));
        fleet.SampleStep(Ct);
        Assert.Equal(1, compactions);

        for (var round = 0; round < 10 && links.Sum(l => l.ReleaseAll()) > 0; round++)
        {
        }

        Assert.All(fleet.Devices, d => Assert.False(d.IsPublishing));
        clock.Advance(TimeSpan.FromSeconds(1));
        fleet.SampleStep(Ct);
        Assert.Equal((2, 2), (compactions, fleet.HeapCompactions));

        // Mid-window, nothing published: no more compactions.
        for (var s = 0; s < 5; s++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            fleet.SampleStep(Ct);
        }

        Assert.Equal(2, compactions);
    }
}
