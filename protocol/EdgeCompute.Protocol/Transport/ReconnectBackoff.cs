namespace EdgeCompute.Protocol.Transport;

/// <summary>
/// Exponential reconnect delays with jitter, so a fleet that lost its broker at the same moment does not come back in
/// one storm: failure n waits min(<c>max</c>, <c>initial</c> · 2ⁿ) less a random share of up to <c>jitter</c> of it.
/// Thread-safe.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly double _jitter;
    private readonly Random _random;
    private readonly Lock _lock = new();
    private int _failures;

    /// <summary>Creates the schedule.</summary>
    /// <param name="initial">The first delay (positive).</param>
    /// <param name="max">The cap (at least <paramref name="initial"/>).</param>
    /// <param name="jitter">The random share taken off each delay, 0 to 1.</param>
    /// <param name="random">The random source (seeded in tests).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        if (jitter is < 0 or > 1 || double.IsNaN(jitter))
        {
            throw new ArgumentOutOfRangeException(nameof(jitter), jitter, "jitter must be 0 to 1");
        }

        _initial = initial;
        _max = max;
        _jitter = jitter;
        _random = random ?? throw new ArgumentNullException(nameof(random));
    }

    /// <summary>Gets the failures since the last success.</summary>
    public int Failures
    {
        get
        {
            lock (_lock)
            {
                return _failures;
            }
        }
    }

    /// <summary>Returns the delay before the next attempt and counts a failure.</summary>
    /// <returns>The delay.</returns>
    public TimeSpan Next()
    {
        lock (_lock)
        {
            var exponent = Math.Min(_failures++, 30);
            var ceiling = Math.Min(_max.TotalMilliseconds, _initial.TotalMilliseconds * Math.Pow(2, exponent));
            return TimeSpan.FromMilliseconds(ceiling * (1 - (_jitter * _random.NextDouble())));
        }
    }

    /// <summary>Starts over after a successful connection.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _failures = 0;
        }
    }
}
