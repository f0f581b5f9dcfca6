using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Protocol.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Gateway.Tests.Sensors;

public sealed class GatewayTelemetrySamplerTests
{
    private const long WindowStart = 1_764_000_000_000; // a multiple of 60 s since the epoch
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(WindowStart));
    private readonly RecordingLogger<GatewayTelemetrySampler> _log = new();
    private readonly RecordingSink _sink;

    public GatewayTelemetrySamplerTests() => _sink = new RecordingSink(_time);

    [Fact]
    public async Task Closes_a_window_each_minute_aligned_to_the_epoch()
    {
        using var sampler = Sampler(FakeSensor.Counting("soc", "cpu-temp", 4000));
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        Advance(59);
        Assert.Equal(60, sampler.Readings);
        Assert.Empty(_sink.Received);

        Advance(1);
        var (first, at) = await _sink.NextAsync();
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(WindowStart + 60_000), at);
        Assert.Equal(new WindowSummary("gw-01", WindowStart, 60_000, first.Channels), first);
        Assert.Equal(new ChannelSummary("cpu-temp", "Cel", -2, 60, 4000, 4059, 4030, 300), Assert.Single(first.Channels));

        Advance(60);
        var (second, secondAt) = await _sink.NextAsync();
        Assert.Equal(WindowStart + 60_000, second.WindowStartMs);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(WindowStart + 120_000), secondAt);
        Assert.Equal(60, second.Channels[0].Count);
        Assert.Equal(4060, second.Channels[0].Min);

        await sampler.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(121, sampler.Readings);
        Assert.Equal(3, sampler.WindowsPublished);
    }

    [Fact]
    public async Task Starts_with_a_partial_window_when_started_inside_one()
    {
        _time.Advance(TimeSpan.FromMilliseconds(20_500));
        using var sampler = Sampler(FakeSensor.Counting("soc", "cpu-temp", 0));
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        _time.Advance(TimeSpan.FromMilliseconds(500)); // first sample at 21 s
        Advance(39);                                   // … and the window closes at 60 s

        var (summary, _) = await _sink.NextAsync();
        Assert.Equal(WindowStart, summary.WindowStartMs);
        Assert.Equal(39, summary.Channels[0].Count);
        await sampler.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Counts_dropouts_apart_from_readings()
    {
        var bme = new FakeSensor("bme", [new("temp", "Cel", -2), new("hum", "%RH", -2), new("press", "hPa", -2)],
            n => n % 3 == 2 ? null : [2100 + n, 5000, 100_000]);
        using var sampler = Sampler(bme, FakeSensor.Counting("soc", "cpu-temp", 0));
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        Advance(60);

        var (summary, _) = await _sink.NextAsync();
        Assert.Equal(["temp", "hum", "press", "cpu-temp"], summary.Channels.Select(c => c.Channel));
        Assert.Equal([40L, 40, 40, 60], summary.Channels.Select(c => c.Count));
        Assert.Equal(180, TelemetryReadings.Count(summary));
        await sampler.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(180 + 3 + 1, sampler.Readings); // the sample at 60 s went into the partial window
        Assert.Equal(20 * 3, sampler.Dropouts);
    }

    [Fact]
    public async Task Leaves_out_channels_without_readings_and_windows_without_any()
    {
        var working = true;
        var flaky = new FakeSensor("soc", [new("cpu-temp", "Cel", -3)], _ => working ? [45_000] : null);
        using var sampler = Sampler(new FakeSensor("dead", [new("probe-temp", "Cel", -3)], _ => null), flaky);
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        Advance(59);
        working = false;
        Advance(61);
        await sampler.StopAsync(TestContext.Current.CancellationToken);

        var only = Assert.Single(_sink.Received);
        Assert.Equal("cpu-temp", Assert.Single(only.Channels).Channel);
        Assert.Equal(60, only.Channels[0].Count);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("had no readings (120 dropout(s))", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Logs_once_when_a_sensor_stops_answering_and_once_when_it_recovers()
    {
        using var sampler = Sampler(new FakeSensor("probe", [new("probe-temp", "Cel", -3)], n => n is >= 5 and < 10 ? null : [20_000]));
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        Advance(15);
        await sampler.StopAsync(TestContext.Current.CancellationToken);

        Assert.Single(_log.Lines, l => l.Message == "Sensor probe stopped answering; its readings are dropouts until it recovers");
        Assert.Single(_log.Lines, l => l.Message == "Sensor probe answers again after 5 dropout(s)");
        Assert.Equal(5, sampler.Dropouts);
        Assert.Equal(11, sampler.Readings);
    }

    [Fact]
    public async Task Keeps_sampling_when_a_driver_throws()
    {
        var throwing = new FakeSensor("bad", [new("bad", "Cel", -2)], _ => throw new InvalidOperationException("driver bug"));
        using var sampler = Sampler(throwing, FakeSensor.Counting("soc", "cpu-temp", 0));
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        Advance(60);

        var (summary, _) = await _sink.NextAsync();
        Assert.Equal(60, Assert.Single(summary.Channels).Count);
        await sampler.StopAsync(TestContext.Current.CancellationToken);
        Assert.Equal(61, sampler.Dropouts);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Error && l.Message.StartsWith("Sensor bad threw", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Carries_on_with_the_next_window_when_the_sink_fails()
    {
        _sink.FailuresToCome = 1;
        using var sampler = Sampler(FakeSensor.Counting("soc", "cpu-temp", 0));
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        Advance(60);
        var (lost, lostAt) = await _sink.NextAsync();
        Advance(60);
        var (kept, _) = await _sink.NextAsync();
        await sampler.StopAsync(TestContext.Current.CancellationToken);

        Assert.Equal(DateTimeOffset.MinValue, lostAt);
        Assert.Equal(WindowStart, lost.WindowStartMs);
        Assert.Equal(WindowStart + 60_000, kept.WindowStartMs);
        Assert.Equal(1, sampler.WindowsLost);
        Assert.Equal(2, sampler.WindowsPublished); // the second window and the partial third one
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("could not be handed to the outbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sends_the_partial_window_on_stop_and_disposes_the_sensors()
    {
        var sensor = FakeSensor.Counting("soc", "cpu-temp", 0);
        var sampler = Sampler(sensor);
        await sampler.StartAsync(TestContext.Current.CancellationToken);
        Advance(9);

        await sampler.StopAsync(TestContext.Current.CancellationToken);
        Advance(60);
        sampler.Dispose();

        var partial = Assert.Single(_sink.Received);
        Assert.Equal(WindowStart, partial.WindowStartMs);
        Assert.Equal(10, partial.Channels[0].Count);
        Assert.Equal(10, sensor.Reads);
        Assert.True(sensor.IsDisposed);
    }

    [Fact]
    public async Task Closes_the_open_window_when_the_clock_goes_back()
    {
        var clock = new ShiftedClock(DateTimeOffset.FromUnixTimeMilliseconds(WindowStart + 120_000));
        var sink = new RecordingSink(clock);
        using var sampler = new GatewayTelemetrySampler("gw-01", [FakeSensor.Counting("soc", "cpu-temp", 0)], sink, Options.Create(new SensorOptions()), clock, _log);
        await sampler.StartAsync(TestContext.Current.CancellationToken);
        for (var i = 0; i < 30; i++)
        {
            clock.Advance(Second);
        }

        clock.Shift = TimeSpan.FromSeconds(-90); // e.g. NTP corrects a clock that ran ahead
        clock.Advance(Second);

        var (closed, _) = await sink.NextAsync();
        Assert.Equal(WindowStart + 120_000, closed.WindowStartMs);
        Assert.Equal(31, closed.Channels[0].Count);
        await sampler.StopAsync(TestContext.Current.CancellationToken);
        var (reopened, _) = await sink.NextAsync();
        Assert.Equal(WindowStart + 60_000, reopened.WindowStartMs);
        Assert.Equal(1, reopened.Channels[0].Count);
        Assert.Contains(_log.Lines, l => l.Message.StartsWith("The clock went back", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Produces_summaries_that_encode_as_a_senml_pack_named_after_the_gateway()
    {
        using var sampler = Sampler(FakeSensor.Counting("soc", "cpu-temp", -50));
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        Advance(60);

        var (summary, _) = await _sink.NextAsync();
        var decoded = WindowSummaryCodec.Decode(WindowSummaryCodec.Encode(summary));
        Assert.True(decoded.IsSuccess);
        Assert.Equal("gw-01", decoded.Value.SourceId);
        Assert.Equal(summary.Channels, decoded.Value.Channels);
        await sampler.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Stays_idle_without_sensors()
    {
        using var sampler = Sampler();
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        Advance(120);
        await sampler.StopAsync(TestContext.Current.CancellationToken);

        Assert.Empty(_sink.Received);
        Assert.Contains(_log.Lines, l => l.Message.StartsWith("No own sensors configured", StringComparison.Ordinal));
    }

    [Fact]
    public void Refuses_two_sensors_reporting_the_same_channel()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Sampler(FakeSensor.Counting("a", "temp", 0), FakeSensor.Counting("b", "temp", 0)));

        Assert.Contains("channel \"temp\" is reported by two sensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Samples_on_the_configured_interval_and_window()
    {
        var options = new SensorOptions { SampleInterval = TimeSpan.FromMilliseconds(250), WindowLength = TimeSpan.FromSeconds(10) };
        using var sampler = new GatewayTelemetrySampler("gw-01", [FakeSensor.Counting("soc", "cpu-temp", 0)], _sink, Options.Create(options), _time, _log);
        await sampler.StartAsync(TestContext.Current.CancellationToken);

        for (var i = 0; i < 40; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }

        var (summary, at) = await _sink.NextAsync();
        Assert.Equal(10_000, summary.WindowLengthMs);
        Assert.Equal(40, summary.Channels[0].Count);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(WindowStart + 10_000), at);
        await sampler.StopAsync(TestContext.Current.CancellationToken);
    }

    private GatewayTelemetrySampler Sampler(params IGatewaySensor[] sensors) =>
        new("gw-01", sensors, _sink, Options.Create(new SensorOptions()), _time, _log);

    private void Advance(int seconds)
    {
        for (var i = 0; i < seconds; i++)
        {
            _time.Advance(Second);
        }
    }
}
