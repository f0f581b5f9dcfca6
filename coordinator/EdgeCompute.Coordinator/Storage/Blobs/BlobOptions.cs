using EdgeCompute.Coordinator.Domain.Blobs;

namespace EdgeCompute.Coordinator.Storage.Blobs;

/// <summary>Settings of the blob store and its sweep (<c>CoordinatorOptions:Blobs</c>).</summary>
public sealed class BlobOptions
{
    /// <summary>Gets or sets the bytes one owner may hold, each hash counted once (default 2 GiB).</summary>
    public long QuotaBytes { get; set; } = BlobLimits.DefaultQuotaBytes;

    /// <summary>Gets or sets how long a job keeps its blobs after it completes or fails (default 7 days); then they are released.</summary>
    public TimeSpan JobRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets how long an upload no job names is kept (default 24 h); then the sweep collects it.</summary>
    public TimeSpan OrphanAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Gets or sets how long the bytes of a blob nobody holds any more stay before they are deleted (default 10 minutes):
    /// long enough that an upload racing the sweep always finds the bytes it just refreshed.
    /// </summary>
    public TimeSpan UnheldGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how often the sweep runs (default 5 minutes).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Checks the settings.</summary>
    /// <returns>The first problem as <c>Setting: reason</c>, or null when they are valid.</returns>
    public string? Validate() =>
        QuotaBytes < BlobLimits.MaxBlobBytes ? $"{nameof(QuotaBytes)} must be at least one largest blob ({BlobLimits.MaxBlobBytes}), found {QuotaBytes}"
        : JobRetention < TimeSpan.Zero ? $"{nameof(JobRetention)} must not be negative, found {JobRetention}"
        : OrphanAfter <= TimeSpan.Zero ? $"{nameof(OrphanAfter)} must be positive, found {OrphanAfter}"
        : UnheldGrace <= TimeSpan.Zero ? $"{nameof(UnheldGrace)} must be positive, found {UnheldGrace}"
        : SweepInterval <= TimeSpan.Zero ? $"{nameof(SweepInterval)} must be positive, found {SweepInterval}"
        : null;
}
