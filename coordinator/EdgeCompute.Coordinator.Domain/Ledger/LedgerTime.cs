namespace EdgeCompute.Coordinator.Domain.Ledger;

/// <summary>Entry timestamps as Unix microseconds (UTC), the precision that is encoded, hashed and stored.</summary>
public static class LedgerTime
{
    /// <summary>Microseconds since 1970-01-01T00:00:00Z, truncated.</summary>
    /// <param name="timestamp">Any offset; converted to UTC.</param>
    public static long ToUnixMicroseconds(DateTimeOffset timestamp) =>
        (timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>The UTC time of a Unix microsecond count.</summary>
    /// <param name="microseconds">Microseconds since 1970-01-01T00:00:00Z.</param>
    public static DateTimeOffset FromUnixMicroseconds(long microseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
}
