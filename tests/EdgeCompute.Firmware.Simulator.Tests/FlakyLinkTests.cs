using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Simulator.Tests;

public sealed class FlakyLinkTests
{
    [Fact]
    public async Task Flaky_link_refuses_publishes_and_drops_at_its_rates_without_losing_readings()
    {
        var seed = TestSeed.Pick(501);
        var plan = new SimulationPlan { FlakyLinkFraction = 1, PublishRefusalRate = 0.3, DisconnectsPerHour = 30 };
        var (fleet, clock, _) = Fleets.Recorded(5, seed, plan);
        await using var __ = fleet;
        await fleet.StartAsync(TestContext.Current.CancellationToken);
        await fleet.AdvanceAsync(TimeSpan.FromHours(1), clock.Advance, TestContext.Current.CancellationToken);

        var totals = fleet.GetReport().Totals;
        Assert.InRange(totals.Disconnects, 100, 200);             // 5 devices × 30/h
        Assert.InRange(totals.ConnectAttempts, 5 + 100, 5 + 200);
        Assert.True(totals.PublishesRefused > 0);
        Assert.Equal(0, totals.ReadingsDropped);

        // Ten more seconds flush what the last refusals left in the rings; only the open window (60:00..60:10) stays.
        await fleet.AdvanceAsync(TimeSpan.FromSeconds(10), clock.Advance, TestContext.Current.CancellationToken);
        totals = fleet.GetReport().Totals;
        Assert.Equal(totals.ReadingsProduced, totals.ReadingsPublished + (5 * 3 * 11));
    }
}
