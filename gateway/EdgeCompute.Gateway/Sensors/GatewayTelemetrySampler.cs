using System.Threading.Channels;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Ids;
using EdgeCompute.Protocol.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Sensors;

/// <summary>
/// Reads the gateway's own sensors every <see cref="SensorOptions.SampleInterval"/> (at multiples of it since the
/// epoch) and, when a window (aligned to multiples of <see cref="SensorOptions.WindowLength"/> since the epoch, like
/// the devices') ends, hands its <see cref="WindowSummary"/> (source id = gateway id) to the
/// <see cref="IGatewayTelemetrySink"/>. A failed read is a dropout, not a reading. Stopping sends the partial window.
/// Owns the sensors it is given.
/// </summary>
public sealed class GatewayTelemetrySampler : BackgroundService
{
    /// <summary>How many closed windows may wait for the sink before the oldest is dropped (a day of 60 s windows).</summary>
    public const int QueueCapacity = 1440;

    private readonly string _gatewayId;
    private readonly IGatewaySensor[] _sensors;
    private readonly int[] _firstChannel;
    private readonly IGatewayTelemetrySink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger<GatewayTelemetrySampler> _logger;
    private readonly long _intervalMs;
    private readonly long _windowMs;
    private readonly GatewayTelemetryWindow _window;
    private readonly long[] _buffer;
    private readonly long[] _failingSince;
    private readonly Channel<WindowSummary> _closed;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private long _lastSlotMs;
    private bool _stopped;
    private long _readings;
    private long _dropouts;
    private long _windowsPublished;
    private long _windowsLost;

    /// <summary>Creates a sampler.</summary>
    /// <param name="gatewayId">The gateway id, the summaries' source id.</param>
    /// <param name="sensors">The sensors (from <see cref="SensorDriverFactory"/>); the sampler disposes them.</param>
    /// <param name="sink">Receives each closed window.</param>
    /// <param name="options">The sampling interval and window length.</param>
    /// <param name="timeProvider">The clock and timers.</param>
    /// <param name="logger">The log.</param>
    /// <exception cref="ArgumentException">Bad gateway id, bad timing options, or channel names that are invalid or repeated.</exception>
    public GatewayTelemetrySampler(
        string gatewayId,
        IEnumerable<IGatewaySensor> sensors,
        IGatewayTelemetrySink sink,
        IOptions<SensorOptions> options,
        TimeProvider timeProvider,
        ILogger<GatewayTelemetrySampler> logger)
    {
        ProtocolId.Validate(gatewayId, "gateway id");
        ArgumentNullException.ThrowIfNull(sensors);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var settings = options.Value;
        var problems = SensorOptionsValidator.Check(settings);
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _gatewayId = gatewayId;
        _sensors = [.. sensors];
        _sink = sink;
        _time = timeProvider;
        _logger = logger;
        _intervalMs = (long)settings.SampleInterval.TotalMilliseconds;
        _windowMs = (long)settings.WindowLength.TotalMilliseconds;

        var channels = new List<SensorChannel>();
        _firstChannel = new int[_sensors.Length];
        for (var i = 0; i < _sensors.Length; i++)
        {
            _firstChannel[i] = channels.Count;
            channels.AddRange(_sensors[i].Channels);
        }

        CheckChannels(channels);
        Channels = channels;
        _window = new GatewayTelemetryWindow(channels, (int)(_windowMs / _intervalMs));
        _buffer = new long[_sensors.Length == 0 ? 0 : _sensors.Max(s => s.Channels.Count)];
        _failingSince = new long[_sensors.Length];
        _closed = Channel.CreateBounded<WindowSummary>(
            new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            OnWindowDropped);
    }

    /// <summary>Gets every channel, in the order the summaries list them.</summary>
    public IReadOnlyList<SensorChannel> Channels { get; }

    /// <summary>Gets how many readings were taken (one per channel per successful sensor read).</summary>
    public long Readings => Interlocked.Read(ref _readings);

    /// <summary>Gets how many channel reads failed (one per channel of a failed sensor read); dropouts are not readings.</summary>
    public long Dropouts => Interlocked.Read(ref _dropouts);

    /// <summary>Gets how many windows the sink accepted.</summary>
    public long WindowsPublished => Interlocked.Read(ref _windowsPublished);

    /// <summary>Gets how many closed windows were lost (the sink failed, or too many were waiting).</summary>
    public long WindowsLost => Interlocked.Read(ref _windowsLost);

    /// <summary>Starts sampling on the <see cref="TimeProvider"/>'s timer, then the loop that feeds the sink.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Completes when started.</returns>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_sensors.Length == 0)
        {
            SensorLog.NoSensors(_logger);
        }
        else
        {
            SensorLog.Sampling(_logger, _sensors.Length, Channels.Count, TimeSpan.FromMilliseconds(_intervalMs), TimeSpan.FromMilliseconds(_windowMs));
            lock (_gate)
            {
                // The first sample is at the first multiple of the interval at or after now.
                var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
                _lastSlotMs = AlignUp(now, _intervalMs) - _intervalMs;
                _timer = _time.CreateTimer(_ => Tick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                Tick();
            }
        }

        return base.StartAsync(cancellationToken);
    }

    /// <summary>Stops sampling, hands the partial window to the sink, and waits (up to the host's deadline) for the sink.</summary>
    /// <param name="cancellationToken">Signals the end of the host's shutdown deadline.</param>
    /// <returns>Completes when stopped.</returns>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_stopped)
            {
                _stopped = true;
                _timer?.Dispose();
                CloseWindow();
            }
        }

        _closed.Writer.TryComplete();
        if (ExecuteTask is { } draining)
        {
            try
            {
                await draining.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Past the deadline: the base class cancels the loop.
            }
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the timer and the sensors.</summary>
    public override void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            _timer?.Dispose();
        }

        foreach (var sensor in _sensors)
        {
            sensor.Dispose();
        }

        base.Dispose();
    }

    /// <summary>Hands closed windows to the sink until stopped.</summary>
    /// <param name="stoppingToken">Cancelled when the host stops.</param>
    /// <returns>The loop.</returns>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var summary in _closed.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await _sink.PublishAsync(summary, stoppingToken).ConfigureAwait(false);
                    Interlocked.Increment(ref _windowsPublished);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // The sink is the outbox's: whatever it throws, this window is lost and the next one is tried.
                    Interlocked.Increment(ref _windowsLost);
                    SensorLog.PublishFailed(_logger, DateTimeOffset.FromUnixTimeMilliseconds(summary.WindowStartMs), e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Normal shutdown.
        }
    }

    private void Tick()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var nowMs = now.ToUnixTimeMilliseconds();
            var slot = nowMs - Mod(nowMs, _intervalMs);
            if (slot < _lastSlotMs)
            {
                SensorLog.ClockWentBack(_logger, DateTimeOffset.FromUnixTimeMilliseconds(_lastSlotMs), now);
                CloseWindow();
                _lastSlotMs = slot - _intervalMs;
            }

            if (slot > _lastSlotMs)
            {
                _lastSlotMs = slot;
                var windowStart = slot - Mod(slot, _windowMs);
                if (_window.IsOpen && _window.StartMs != windowStart)
                {
                    CloseWindow();
                }

                if (!_window.IsOpen)
                {
                    _window.Open(windowStart);
                }

                SampleAll();
            }

            // A timer that fires a little early finds the same slot and is simply re-armed.
            var due = DateTimeOffset.FromUnixTimeMilliseconds(slot + _intervalMs) - now;
            _timer?.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    private void SampleAll()
    {
        for (var i = 0; i < _sensors.Length; i++)
        {
            var sensor = _sensors[i];
            var count = sensor.Channels.Count;
            var values = _buffer.AsSpan(0, count);
            bool ok;
            try
            {
                ok = sensor.TryRead(values);
            }
            catch (Exception e)
            {
                // A driver must not throw for a hardware fault; if one does, the timer must still survive it.
                SensorLog.SensorThrew(_logger, sensor.Name, e);
                ok = false;
            }

            if (!ok)
            {
                if (_failingSince[i]++ == 0)
                {
                    SensorLog.SensorFailing(_logger, sensor.Name);
                }

                _window.AddDropouts(count);
                Interlocked.Add(ref _dropouts, count);
                continue;
            }

            if (_failingSince[i] > 0)
            {
                SensorLog.SensorRecovered(_logger, sensor.Name, _failingSince[i] * count);
                _failingSince[i] = 0;
            }

            for (var c = 0; c < count; c++)
            {
                _window.Add(_firstChannel[i] + c, values[c]);
            }

            Interlocked.Add(ref _readings, count);
        }
    }

    private void CloseWindow()
    {
        if (!_window.IsOpen)
        {
            return;
        }

        var start = DateTimeOffset.FromUnixTimeMilliseconds(_window.StartMs);
        var readings = _window.Readings;
        var dropouts = _window.Dropouts;
        var summary = _window.Close(_gatewayId, _windowMs);
        if (summary is null)
        {
            SensorLog.WindowEmpty(_logger, start, dropouts);
            return;
        }

        SensorLog.WindowClosed(_logger, start, readings, dropouts);
        _closed.Writer.TryWrite(summary);
    }

    private void OnWindowDropped(WindowSummary summary)
    {
        Interlocked.Increment(ref _windowsLost);
        SensorLog.QueueFull(_logger, DateTimeOffset.FromUnixTimeMilliseconds(summary.WindowStartMs), QueueCapacity);
    }

    private static void CheckChannels(List<SensorChannel> channels)
    {
        if (channels.Count > WindowSummaryCodec.MaxChannels)
        {
            throw new ArgumentException($"{channels.Count} channels, a window summary carries at most {WindowSummaryCodec.MaxChannels}", nameof(channels));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var channel in channels)
        {
            if (!ProtocolId.IsValid(channel.Name) || channel.Name.Length > ChannelSummary.MaxChannelLength)
            {
                throw new ArgumentException($"channel \"{channel.Name}\" does not match [a-z0-9-]{{1,{ChannelSummary.MaxChannelLength}}}", nameof(channels));
            }

            if (!names.Add(channel.Name))
            {
                throw new ArgumentException($"channel \"{channel.Name}\" is reported by two sensors", nameof(channels));
            }
        }
    }

    private static long Mod(long value, long step) => ((value % step) + step) % step;

    private static long AlignUp(long value, long step)
    {
        var remainder = Mod(value, step);
        return remainder == 0 ? value : value - remainder + step;
    }
}
