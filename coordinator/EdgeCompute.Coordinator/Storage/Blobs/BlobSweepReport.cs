namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>What one <see cref="BlobSweeper.SweepAsync"/> did.</summary>
/// <param name="JobsScheduled">Finished (or never stored) jobs whose release time it set.</param>
/// <param name="HoldingsReleased">Holdings ended because their jobs' retention ended.</param>
/// <param name="OrphansCollected">Unused uploads collected.</param>
/// <param name="BlobsDeleted">Blobs whose bytes it deleted (nobody held them).</param>
public sealed record BlobSweepReport(int JobsScheduled, int HoldingsReleased, int OrphansCollected, int BlobsDeleted);
