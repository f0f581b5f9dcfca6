using EdgeCompute.Gateway.Configuration;

namespace EdgeCompute.Gateway.Tests.Outage;

/// <summary>
/// The most and fewest connection attempts the documented reconnect schedule allows in a span of time, whatever the
/// jitter draws: the n-th delay is <c>min(max, initial·2ⁿ)·(1 − jitter·U[0,1))</c>, so it lies in
/// <c>(min(max, initial·2ⁿ)·(1 − jitter), min(max, initial·2ⁿ)]</c>.
/// </summary>
internal static class BackoffEnvelope
{
    /// <summary>Attempts if every delay were as short as the jitter allows (the first attempt at the start).</summary>
    public static int MostAttempts(TimeSpan span, UplinkOptions uplink) => Attempts(span, uplink, 1 - uplink.BackoffJitter, TimeSpan.Zero);

    /// <summary>Attempts if every delay were the full ceiling, with the first attempt up to <paramref name="firstAttemptSlack"/> late.</summary>
    public static int FewestAttempts(TimeSpan span, UplinkOptions uplink, TimeSpan firstAttemptSlack) => Attempts(span, uplink, 1, firstAttemptSlack);

    private static int Attempts(TimeSpan span, UplinkOptions uplink, double share, TimeSpan start)
    {
        var elapsed = start;
        var attempts = 0;
        for (var n = 0; elapsed <= span; n++)
        {
            attempts++;
            var ceiling = Math.Min(uplink.BackoffMax.TotalMilliseconds, uplink.BackoffInitial.TotalMilliseconds * Math.Pow(2, Math.Min(n, 30)));
            elapsed += TimeSpan.FromMilliseconds(ceiling * share);
        }

        return attempts;
    }
}
