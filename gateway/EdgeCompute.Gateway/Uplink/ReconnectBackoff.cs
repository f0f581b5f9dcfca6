namespace EdgeCompute.Gateway.Uplink;

/// <summary>Exponential reconnect delays with jitter: initial × 2^n capped at max, minus a random share up to <c>jitter</c>.</summary>
/// <param name="initial">The first delay.</param>
/// <param name="max">The cap.</param>
/// <param name="jitter">The random share taken off, 0 to 1.</param>
/// <param name="random">The random source (seeded in tests).</param>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan max, double jitter, Random random)
{
    private int _failures;

    /// <summary>Gets the failures since the last success.</summary>
    public int Failures => _failures;

    /// <summary>Returns the delay before the next attempt and counts a failure.</summary>
    /// <returns>The delay.</returns>
    public TimeSpan Next()
    {
        var exponent = Math.Min(_failures++, 30);
        var ceiling = Math.Min(max.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds(ceiling * (1 - (jitter * random.NextDouble())));
    }

    /// <summary>Resets after a successful connection.</summary>
    public void Reset() => _failures = 0;
}
