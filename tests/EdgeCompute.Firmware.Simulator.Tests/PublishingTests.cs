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
        fleet.PublishesInline = true;
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
}
