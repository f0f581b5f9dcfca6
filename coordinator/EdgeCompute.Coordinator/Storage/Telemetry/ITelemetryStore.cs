namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// Durable telemetry: batches unique on (gateway, boot, seq), device frames unique on (device, boot, seq), both with
/// the payload hash, judged by the protocol's duplicate rule inside the commit's transaction. Two implementations,
/// SQLite and PostgreSQL, with the same behaviour.
/// </summary>
public interface ITelemetryStore : IAsyncDisposable
{
    /// <summary>Commits a whole batch atomically: all of it, or nothing; returns only after the commit is durable.</summary>
    /// <param name="batch">The batch.</param>
    /// <param name="cancellationToken">Cancels before the commit.</param>
    /// <returns>The batch's and each frame's classification.</returns>
    Task<BatchCommitResult> CommitBatchAsync(TelemetryBatch batch, CancellationToken cancellationToken = default);

    /// <summary>Reads the totals.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The totals.</returns>
    Task<TelemetryStats> ReadStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads stored rows of one source and channel with <c>fromMs ≤ time &lt; toMs</c>, oldest first.</summary>
    /// <param name="source">Device or gateway id.</param>
    /// <param name="channel">Channel name.</param>
    /// <param name="fromMs">Inclusive start.</param>
    /// <param name="toMs">Exclusive end.</param>
    /// <param name="maxCount">Most rows returned.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    Task<IReadOnlyList<TelemetryPoint>> ReadPointsAsync(string source, string channel, long fromMs, long toMs, int maxCount, CancellationToken cancellationToken = default);

    /// <summary>Reads the reported gaps of a device.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The gaps.</returns>
    Task<IReadOnlyList<TelemetryGapRecord>> ReadGapsAsync(string deviceId, CancellationToken cancellationToken = default);
}
