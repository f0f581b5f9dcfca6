namespace EdgeCompute.Coordinator.Ingest;

/// <summary>Settings of <see cref="BatchIngestor"/>.</summary>
public sealed class BatchIngestorOptions
{
    /// <summary>Gets or sets how many distinct devices of one gateway must show bad MACs before the gateway is marked suspect.</summary>
    public int SuspectDeviceThreshold { get; set; } = 3;
}
