using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Tests;

namespace EdgeCompute.Firmware.Simulator.Tests;

public sealed class TickScheduleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ticking_devices_eight_at_a_time_sends_every_device_the_same_frames_in_the_same_order_as_one_at_a_time()
    {
        var seed = TestSeed.Pick(611);
        var plan = new SimulationPlan { FlakyLinkFraction = 0.3, RebootFraction = 0.2, DisconnectsPerHour = 200, RebootsPerHour = 100 };
        var serial = await RunAsync(seed, plan, tickConcurrency: 1);
        var parallel = await RunAsync(seed, plan, tickConcurrency: 8);

        Assert.Equal(serial.Keys.Order(StringComparer.Ordinal), parallel.Keys.Order(StringComparer.Ordinal));
        foreach (var (device, published) in serial)
        {
            Assert.NotEmpty(published);
            Assert.Equal(published, parallel[device]);
        }
    }

    [Fact]
    public void A_step_longer_than_the_tick_interval_counts_as_an_overrun_and_the_longest_is_kept()
    {
        var schedule = new TickScheduleRecord();
        var start = Fleets.Start;
        var tick = TimeSpan.FromMilliseconds(250);

        schedule.Begin(start);
        schedule.Begin(start.AddSeconds(5)); // the first start stays
        schedule.Record(start, start.AddMilliseconds(100), tick);
        schedule.Record(start, start.AddMilliseconds(250), tick); // exactly the interval: on time
        schedule.Record(start, start.AddMilliseconds(900), tick);
        schedule.Record(start, start.AddMilliseconds(400), tick);

        Assert.Equal(start, schedule.Since);
        Assert.Equal(4, schedule.Steps);
        Assert.Equal(2, schedule.Overruns);
        Assert.Equal(TimeSpan.FromMilliseconds(900), schedule.Longest);
    }

    [Fact]
    public void A_tick_concurrency_below_one_is_refused_naming_the_setting()
    {
        var options = Fleets.Options(1);
        options.TickConcurrency = 0;

        var error = Assert.Throws<ArgumentException>(() => Fleets.Recorded(2, 1, options: options));

        Assert.Contains("TickConcurrency", error.Message, StringComparison.Ordinal);
    }

    private static async Task<Dictionary<string, string[]>> RunAsync(int seed, SimulationPlan plan, int tickConcurrency)
    {
        var options = Fleets.Options(seed);
        options.WindowLengthMs = 10_000;
        options.TickConcurrency = tickConcurrency;
        var (fleet, clock, links) = Fleets.Recorded(40, seed, plan, options);
        await fleet.StartAsync(Ct);
        await fleet.AdvanceAsync(TimeSpan.FromMinutes(3), clock.Advance, Ct);
        return links.ToDictionary(
            l => l.Key,
            l => l.Value.Published.Select(p => $"{p.Topic} {p.Retain} {Convert.ToHexString(p.Payload)}").ToArray(),
            StringComparer.Ordinal);
    }
}
