using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Api.Telemetry;

/// <summary>
/// Reads one page of a source's channel. The store orders rows by time only, so a page never ends inside a
/// millisecond: rows sharing the last time of a full page move to the next page, and <see cref="Next"/> (the time of
/// the page's last row) is exactly where the next page starts after.
/// </summary>
/// <param name="Points">The rows, oldest first.</param>
/// <param name="Next">The <c>after</c> of the next page; null after the last page.</param>
public sealed record TelemetryPage(IReadOnlyList<TelemetryPoint> Points, long? Next)
{
    /// <summary>The most rows one millisecond may hold on one page when a whole page shares it.</summary>
    public const int MaxRowsInOneMillisecond = 100_000;

    /// <summary>Reads the page.</summary>
    /// <param name="store">The telemetry store.</param>
    /// <param name="source">The device or gateway id.</param>
    /// <param name="channel">The channel.</param>
    /// <param name="fromMs">Inclusive start (after <c>after</c> is applied).</param>
    /// <param name="toMs">Exclusive end.</param>
    /// <param name="limit">Page size, at least 1.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The page.</returns>
    public static async Task<TelemetryPage> ReadAsync(ITelemetryStore store, string source, string channel, long fromMs, long toMs, int limit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (fromMs >= toMs)
        {
            return new TelemetryPage([], null);
        }

        var rows = await store.ReadPointsAsync(source, channel, fromMs, toMs, limit + 1, cancellationToken).ConfigureAwait(false);
        if (rows.Count <= limit)
        {
            return new TelemetryPage(rows, null);
        }

        var last = rows[limit - 1].TimeMs;
        if (rows[limit].TimeMs != last)
        {
            return new TelemetryPage([.. rows.Take(limit)], last);
        }

        var firstOfLast = 0;
        while (rows[firstOfLast].TimeMs != last)
        {
            firstOfLast++;
        }

        if (firstOfLast > 0)
        {
            return new TelemetryPage([.. rows.Take(firstOfLast)], rows[firstOfLast - 1].TimeMs);
        }

        // The whole page is one millisecond: return all of it, then go on after it.
        var same = await store.ReadPointsAsync(source, channel, last, last + 1, MaxRowsInOneMillisecond, cancellationToken).ConfigureAwait(false);
        var more = last < long.MaxValue - 1 && (await store.ReadPointsAsync(source, channel, last + 1, toMs, 1, cancellationToken).ConfigureAwait(false)).Count > 0;
        return new TelemetryPage(same, more ? last : null);
    }
}
