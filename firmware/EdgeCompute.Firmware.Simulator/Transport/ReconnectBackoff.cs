namespace EdgeCompute.Firmware.Simulator.Transport;

/// <summary>Exponential backoff with jitter: attempt n waits min(max, initial · 2ⁿ) · U[1 - j, 1 + j].</summary>
internal sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private readonly Random _random;
    private readonly Lock _lock = new();

    public ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, int seed)
    {
        _initial = initial;
        _max = max;
        _jitter = jitter;
        _random = new Random(seed);
    }

    /// <summary>The delay before reconnect attempt <paramref name="attempt"/> (0 for the first after a loss).</summary>
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(attempt, 30);
        var ticks = Math.Min((double)_max.Ticks, _initial.Ticks * Math.Pow(2, exponent));
        double factor;
        lock (_lock)
        {
            factor = 1 - _jitter + (2 * _jitter * _random.NextDouble());
        }

        return TimeSpan.FromTicks((long)(ticks * factor));
    }
}
