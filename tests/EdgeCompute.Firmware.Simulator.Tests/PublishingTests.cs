using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Firmware.Simulator.Tests;

/// <summary>Sampling apart from publishing: a gateway slow to acknowledge costs no reading and loses no frame.</summary>
public sealed class PublishingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Devices_keep_every_sample_slot_while_their_publishes_wait_for_pubacks(int tickConcurrency)
    {
        var seed = TestSeed.Pick(2101);
        var clock = new FakeTimeProvider(Fleets.Start);
        var links = new Dictionary<string, HeldLink>(StringComparer.Ordinal);
        var options = Fleets.Options(seed);
        options.WindowLengthMs = 10_000;
        options.TickConcurrency = tickConcurrency;
        var fleet = new FleetSimulator(Fleets.Identities(6, seed), options, null, clock, linkFactory: o =>
        {
            var link = new HeldLink(o);
            lock (links)
            {
                links.Add(o.DeviceId, link);
            }

            return link;
        });
        await using var _ = fleet;
        fleet.QueuePublishing = start => start();
        await fleet.StartAsync(Ct);
        fleet.SampleStep(Ct);

        // 30 s in which no telemetry publish is acknowledged: each device's first window waits for its PUBACK.
        for (var s = 0; s < 30; s++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            fleet.SampleStep(Ct);
        }

        Assert.All(links.Values, l => Assert.Equal(1, l.Held));
        Assert.All(fleet.Devices, d => Assert.Equal(31 * 3, d.Agent.ReadingsProduced));
        Assert.All(fleet.Devices, d => Assert.Equal(3, d.Agent.BufferedFrames));

        // The PUBACKs come: every window goes out once, in order.
        for (var round = 0; round < 10 && links.Values.Sum(l => l.ReleaseAll()) > 0; round++)
        {
        }

        var report = fleet.GetReport();
        Assert.Equal(6 * 31 * 3, report.Totals.ReadingsProduced);
        Assert.Equal(6 * 30 * 3, report.Totals.ReadingsPublished); // all but the open window's sample at 30 s
        Assert.Equal(0, report.Totals.ReadingsDropped);
        foreach (var link in links.Values)
        {
            var seqs = link.Published.Where(p => p.Topic.EndsWith("/tel", StringComparison.Ordinal))
                .Select(p => DeviceFrameCodec.Decode(p.Payload).Value.Seq);
            Assert.Equal(new uint[] { 1, 2, 3 }, seqs);
        }
    }

    [Fact]
    public async Task A_round_of_publishing_a_step_queued_counts_as_under_way_before_any_thread_starts_it()
    {
        var seed = TestSeed.Pick(2102);
        var options = Fleets.Options(seed);
        options.WindowLengthMs = 10_000;
        var (fleet, clock, links) = Fleets.Recorded(5, seed, options: options);
        await using var _ = fleet;
        var queued = new List<Action>();
        fleet.QueuePublishing = queued.Add;
        await fleet.StartAsync(Ct);
        fleet.SampleStep(Ct);
        for (var s = 0; s < 10; s++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            fleet.SampleStep(Ct);
        }

        // The window ending at 10 s is due on every device, and its round is queued, not started: the end of a run
        // (which waits while any device is publishing) must see it, or the report would leave out frames sent after it.
        Assert.NotEmpty(queued);
        Assert.All(fleet.Devices, d => Assert.True(d.Agent.HasPendingPublish));
        Assert.All(fleet.Devices, d => Assert.True(d.IsPublishing, $"{d.DeviceId}: a queued round does not count as publishing"));
        Assert.All(links.Values, l => Assert.DoesNotContain(l.Published, p => p.Topic.EndsWith("/tel", StringComparison.Ordinal)));
        Assert.Equal(0, fleet.GetReport().Totals.ReadingsPublished);

        foreach (var start in queued)
        {
            start();
        }

        Assert.All(fleet.Devices, d => Assert.False(d.IsPublishing));
        Assert.All(links.Values, l => Assert.Single(l.Published, p => p.Topic.EndsWith("/tel", StringComparison.Ordinal)));
        Assert.Equal(5 * 10 * 3, fleet.GetReport().Totals.ReadingsPublished);
    }
}
