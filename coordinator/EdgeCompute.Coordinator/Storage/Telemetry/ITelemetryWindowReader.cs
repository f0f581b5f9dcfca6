namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// What closing an epoch reads from the telemetry store: the window-summary rows of a time range, page by page, for the
/// data quality checks. Both telemetry stores implement it (kept apart from <see cref="ITelemetryStore"/>, as
/// <c>IWorkCreditReader</c> is from the work store, so ingest-side test doubles need not implement it).
/// </summary>
public interface ITelemetryWindowReader
{
    /// <summary>
    /// Window summaries (rows with a window length, not raw samples) of every source with <c>fromMs ≤ window start &lt; toMs</c>,
    /// ordered by (window start, source, channel), after <paramref name="after"/>, at most <paramref name="maxCount"/>. Rows
    /// sharing (window start, source, channel) — a window stored twice, e.g. re-sent after a reboot — come once.
    /// </summary>
    /// <param name="fromMs">Inclusive start, ms since the Unix epoch.</param>
    /// <param name="toMs">Exclusive end.</param>
    /// <param name="after">Where the previous page ended (<see cref="TelemetryWindowPage.Next"/>), or null for the first page.</param>
    /// <param name="maxCount">Most rows read for this page; at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page; its <see cref="TelemetryWindowPage.Next"/> is null after the last one.</returns>
    Task<TelemetryWindowPage> ReadWindowSummariesAsync(long fromMs, long toMs, TelemetryWindowCursor? after, int maxCount, CancellationToken cancellationToken = default);
}
