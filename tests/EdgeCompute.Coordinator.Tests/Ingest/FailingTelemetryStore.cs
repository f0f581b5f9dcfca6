using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Tests.Ingest;

/// <summary>A store whose commits fail while <see cref="Fail"/> is set (the disk is full, the database is gone).</summary>
internal sealed class FailingTelemetryStore(ITelemetryStore inner) : ITelemetryStore
{
    public bool Fail { get; set; } = true;

    public Task<BatchCommitResult> CommitBatchAsync(TelemetryBatch batch, CancellationToken cancellationToken = default) =>
        Fail ? throw new IOException("simulated commit failure") : inner.CommitBatchAsync(batch, cancellationToken);

    public Task<TelemetryStats> ReadStatsAsync(CancellationToken cancellationToken = default) => inner.ReadStatsAsync(cancellationToken);

    public Task<IReadOnlyList<TelemetryPoint>> ReadPointsAsync(string source, string channel, long fromMs, long toMs, int maxCount, CancellationToken cancellationToken = default) =>
        inner.ReadPointsAsync(source, channel, fromMs, toMs, maxCount, cancellationToken);

    public Task<IReadOnlyList<TelemetryGapRecord>> ReadGapsAsync(string deviceId, CancellationToken cancellationToken = default) => inner.ReadGapsAsync(deviceId, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
