namespace EdgeCompute.Coordinator.Ingest;

/// <summary>Settings of <see cref="BatchIngestor"/>.</summary>
public sealed class BatchIngestorOptions
{
    /// <summary>Gets or sets how many distinct devices of one gateway must show bad MACs before the gateway is marked suspect.</summary>
    public int SuspectDeviceThreshold { get; set; } = 3;

    /// <summary>
    /// Gets or sets how often at most a summary of frames refused under reused device boots is logged (default 1 minute;
    /// each reused (device, boot) is also logged once when first seen). See <see cref="BootReuseLog"/>.
    /// </summary>
    public TimeSpan BootReuseSummaryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets how often a summary of the batches taken in is logged at Information (default 1 minute; written when
    /// a batch arrives after the interval, so a quiet coordinator writes none). See <see cref="BatchSummaryLog"/>.
    /// </summary>
    public TimeSpan BatchSummaryInterval { get; set; } = TimeSpan.FromMinutes(1);
}
