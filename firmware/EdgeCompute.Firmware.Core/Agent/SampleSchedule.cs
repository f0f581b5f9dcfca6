namespace EdgeCompute.Firmware.Core.Agent;

/// <summary>
/// When to sample and when a window closes. Sample times are the latest multiple of the sample interval at or
/// before the tick; windows are aligned to multiples of the window length since the epoch. Pure arithmetic: the
/// caller closes the old window before it opens the next one.
/// </summary>
internal sealed class SampleSchedule
{
    private readonly long _sampleIntervalMs;
    private readonly long _windowLengthMs;
    private long _lastNow;
    private long _windowStart;
    private long _windowEnd;
    private long _nextSampleMs;

    /// <summary>Creates a schedule; call <see cref="Restart"/> before use.</summary>
    /// <param name="sampleIntervalMs">The sample interval, at least 1.</param>
    /// <param name="windowLengthMs">The window length, at least 1.</param>
    public SampleSchedule(long sampleIntervalMs, long windowLengthMs)
    {
        _sampleIntervalMs = sampleIntervalMs;
        _windowLengthMs = windowLengthMs;
    }

    /// <summary>Gets the start of the open window, ms since the epoch.</summary>
    public long WindowStart
    {
        get { return _windowStart; }
    }

    /// <summary>Gets the window length in ms.</summary>
    public long WindowLengthMs
    {
        get { return _windowLengthMs; }
    }

    /// <summary>Starts over at <paramref name="now"/>: opens its window and aligns the next sample up to the interval.</summary>
    /// <param name="now">The current time, ms since the epoch.</param>
    public void Restart(long now)
    {
        OpenWindow(now);
        _nextSampleMs = AlignUp(now, _sampleIntervalMs);
        _lastNow = now;
    }

    /// <summary>Returns whether <paramref name="now"/> is before the time last seen (e.g. after a time sync).</summary>
    /// <param name="now">The current time, ms since the epoch.</param>
    /// <returns>Whether the clock went back.</returns>
    public bool ClockWentBack(long now)
    {
        return now < _lastNow;
    }

    /// <summary>Records <paramref name="now"/> and, when a sample is due, takes its slot and schedules the next one.</summary>
    /// <param name="now">The current time, ms since the epoch.</param>
    /// <param name="slot">The sample's time: the latest multiple of the interval at or before <paramref name="now"/>.</param>
    /// <returns>Whether a sample is due.</returns>
    public bool TryTakeSampleSlot(long now, out long slot)
    {
        _lastNow = now;
        if (now < _nextSampleMs)
        {
            slot = 0;
            return false;
        }

        slot = now - (now % _sampleIntervalMs);
        _nextSampleMs = slot + _sampleIntervalMs;
        return true;
    }

    /// <summary>Returns whether the open window has ended at <paramref name="time"/>.</summary>
    /// <param name="time">A time, ms since the epoch.</param>
    /// <returns>Whether <paramref name="time"/> is at or past the window's end.</returns>
    public bool WindowEndsBy(long time)
    {
        return time >= _windowEnd;
    }

    /// <summary>Opens the window that holds <paramref name="time"/>.</summary>
    /// <param name="time">A time, ms since the epoch.</param>
    public void OpenWindow(long time)
    {
        _windowStart = time - (time % _windowLengthMs);
        _windowEnd = _windowStart + _windowLengthMs;
    }

    private static long AlignUp(long value, long step)
    {
        var remainder = value % step;
        return remainder == 0 ? value : value - remainder + step;
    }
}
