namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// Reads the sensors when the <see cref="SampleSchedule"/> says a sample is due and closes windows into the
/// <see cref="TelemetryFrameBuilder"/>. A clock that goes backwards closes the current window. Allocates nothing.
/// </summary>
internal sealed class TelemetrySampler
{
    private readonly ISensorArray _sensors;
    private readonly int _channelCount;
    private readonly SampleSchedule _schedule;
    private readonly TelemetryFrameBuilder _builder;
    private long _readingsProduced;
    private long _sampleDropouts;

    /// <summary>Creates a sampler.</summary>
    /// <param name="sensors">The sensor channels.</param>
    /// <param name="channelCount">How many channels to read.</param>
    /// <param name="schedule">Says when to sample and when a window closes.</param>
    /// <param name="builder">Receives the readings and seals the frames.</param>
    public TelemetrySampler(ISensorArray sensors, int channelCount, SampleSchedule schedule, TelemetryFrameBuilder builder)
    {
        _sensors = sensors;
        _channelCount = channelCount;
        _schedule = schedule;
        _builder = builder;
    }

    /// <summary>Gets how many readings were sampled (a dropout is not a reading).</summary>
    public long ReadingsProduced
    {
        get { return _readingsProduced; }
    }

    /// <summary>Gets how many sensor reads failed.</summary>
    public long SampleDropouts
    {
        get { return _sampleDropouts; }
    }

    /// <summary>Starts afresh at <paramref name="now"/>: drops unsealed samples and opens the window holding it.</summary>
    /// <param name="now">The current time, ms since the epoch.</param>
    public void Start(long now)
    {
        _builder.Reset();
        _schedule.Restart(now);
    }

    /// <summary>Samples if due and closes the window if it ended.</summary>
    /// <param name="now">The current time, ms since the epoch.</param>
    public void Tick(long now)
    {
        if (_schedule.ClockWentBack(now))
        {
            // The clock went back (e.g. a time sync): close what we have and start over from now.
            CloseWindow();
            _schedule.Restart(now);
        }

        if (_schedule.TryTakeSampleSlot(now, out var slot))
        {
            if (_schedule.WindowEndsBy(slot))
            {
                CloseWindow();
                _schedule.OpenWindow(slot);
            }

            SampleAll(slot);
        }

        if (_schedule.WindowEndsBy(now))
        {
            CloseWindow();
            _schedule.OpenWindow(now);
        }
    }

    /// <summary>Seals the open window's readings (a restart sends the partial window under the old boot).</summary>
    public void CloseWindow()
    {
        _builder.CloseWindow(_schedule.WindowStart, _schedule.WindowLengthMs);
    }

    private void SampleAll(long slot)
    {
        for (var c = 0; c < _channelCount; c++)
        {
            if (!_sensors.TryRead(c, out var value))
            {
                _sampleDropouts++;
                continue;
            }

            _readingsProduced++;
            _builder.Add(c, slot, value);
        }
    }
}
