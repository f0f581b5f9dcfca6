using EdgeCompute.Firmware.Simulator.Fleet;
using EdgeCompute.Firmware.Simulator.Reporting;
using EdgeCompute.Firmware.Simulator.Tests.Support;
using EdgeCompute.Tests;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Firmware.Simulator.Tests;

/// <summary>The log of acknowledged frames a load harness splits a reading's latency with.</summary>
public sealed class FrameAckLogTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_acknowledged_telemetry_frame_is_logged_once_with_its_window_end_its_seal_and_the_time_of_its_puback()
    {
        var seed = TestSeed.Pick(2103);
        var clock = new FakeTimeProvider(Fleets.Start);
        var options = Fleets.Options(seed);
        options.WindowLengthMs = 10_000;
        var links = new Dictionary<string, HeldLink>(StringComparer.Ordinal);
        using var text = new StringWriter();
        var log = new FrameAckLog(text);
        var fleet = new FleetSimulator(Fleets.Identities(3, seed), options, null, clock, linkFactory: o =>
        {
            var link = new HeldLink(o);
            links.Add(o.DeviceId, link);
            return link;
        }, frameAcks: log);
        await using var _ = fleet;
        fleet.QueuePublishing = start => start();
        await fleet.StartAsync(Ct);
        fleet.SampleStep(Ct);
        for (var s = 0; s < 20; s++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            fleet.SampleStep(Ct);
        }

        // The first window's PUBACKs come 20 s after it ended, 10 s after the second window ended; then the second's.
        while (links.Values.Sum(l => l.ReleaseAll()) > 0)
        {
        }

        var start = Fleets.Start.ToUnixTimeMilliseconds();
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var lines = text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(FrameAckLog.Header, lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        Assert.Equal(6, rows.Length);
        Assert.Equal(6, log.Frames);
        Assert.Null(log.Failure);
        foreach (var device in fleet.Devices)
        {
            var mine = rows.Where(r => r[0] == device.DeviceId).ToArray();
            Assert.Equal(["1", "2"], mine.Select(r => r[2]));
            Assert.All(mine, r => Assert.Equal($"{device.Agent.Boot}", r[1]));
            Assert.Equal([start + 10_000, start + 20_000], mine.Select(r => long.Parse(r[3], System.Globalization.CultureInfo.InvariantCulture)));
            // The seal time is known for the frames of the last step that sealed any: the second window's, sealed at 20 s.
            Assert.Equal(["", $"{start + 20_000}"], mine.Select(r => r[4]));
            Assert.All(mine, r => Assert.Equal(now, long.Parse(r[5], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public void A_log_whose_writes_fail_stops_and_says_why_without_throwing_at_the_device()
    {
        var log = new FrameAckLog(new FailingWriter());

        log.Record("dev-0001", 1, 1, 10_000, 10_010, 10_250);
        log.Record("dev-0001", 1, 2, 20_000, null, 20_250);

        Assert.Equal(0, log.Frames);
        Assert.Equal("No space left on device", log.Failure);
        log.Dispose();
    }

    private sealed class FailingWriter : StringWriter
    {
        private bool _headerWritten;

        public override void WriteLine(string? value)
        {
            if (_headerWritten)
            {
                throw new IOException("No space left on device");
            }

            _headerWritten = true;
        }

        public override void Write(string? value) => throw new IOException("No space left on device");
    }
}
