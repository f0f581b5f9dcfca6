namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>Totals read from the store, so every replica reports the same.</summary>
/// <param name="ReadingsStored">Readings stored (device frames and gateway windows), as the protocol counts readings.</param>
/// <param name="BatchesStored">Batches stored.</param>
/// <param name="BatchDuplicates">Resent batches dropped as duplicates.</param>
/// <param name="BatchConflicts">Batches rejected as conflicts.</param>
/// <param name="FrameDuplicates">Device frames dropped as duplicates.</param>
/// <param name="FrameConflicts">Device frames rejected as conflicts.</param>
/// <param name="ReadingsLost">Readings reported lost in gaps.</param>
public sealed record TelemetryStats(long ReadingsStored, long BatchesStored, long BatchDuplicates, long BatchConflicts, long FrameDuplicates, long FrameConflicts, long ReadingsLost)
{
    /// <summary>Gets all duplicates dropped (batches and frames).</summary>
    public long DuplicatesDropped => BatchDuplicates + FrameDuplicates;
}
