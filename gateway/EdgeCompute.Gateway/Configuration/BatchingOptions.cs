namespace EdgeCompute.Gateway.Configuration;

/// <summary>How batches are cut from the outbox (section <c>GatewayOptions:Batching</c>).</summary>
public sealed class BatchingOptions
{
    /// <summary>Gets or sets the most raw (uncompressed) body bytes of one batch (default 256 KiB; at most 1 MiB − 1 KiB, so even an incompressible batch fits one message).</summary>
    public int MaxBytes { get; set; } = 256 * 1024;

    /// <summary>Gets or sets the most items of one batch (default 1000; at most 65,536).</summary>
    public int MaxItems { get; set; } = 1000;

    /// <summary>Gets or sets how long the oldest waiting item may wait before a batch is cut (default 1 s).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how many batches may wait for an ack (default 8). Past it no batch is cut, so while the coordinator is
    /// unreachable frames wait in the outbox as frames, where eviction can pick telemetry out.
    /// </summary>
    public int MaxUnackedBatches { get; set; } = 8;

    /// <summary>Gets or sets how often a status-only batch advertises idle CPU, free memory and outbox depth when nothing else was sent (default 30 s).</summary>
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets whether the status carries the v2 fields (outbox bytes, unacked batches, evictions, uplink reconnects,
    /// connected devices; default true). Set false while the coordinator is older than gateway status v2: its decoder
    /// refuses the new keys and would never ack a batch carrying them (docs/protocol.md, gateway status).
    /// </summary>
    public bool ExtendedStatus { get; set; } = true;

    /// <summary>
    /// Gets or sets whether a result of a task the gateway ran itself is sent at once (cut into a batch at the uplink's
    /// next pass, within a quarter of <see cref="MaxAge"/>) instead of waiting up to <see cref="MaxAge"/> beside the
    /// telemetry (default true): the coordinator issues this gateway its next task only once the result is recorded, so
    /// the wait is the task round trip's largest part.
    /// </summary>
    public bool CutOnTaskResult { get; set; } = true;
}
