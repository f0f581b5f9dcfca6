namespace EdgeCompute.Gateway.LocalStore;

/// <summary>
/// Settings of the gateway's local telemetry store (section <c>LocalStoreOptions</c>).
/// </summary>
public sealed class LocalStoreOptions
{
    /// <summary>The default retention: seven days.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(7);

    /// <summary>
    /// The default byte bound: 1 GiB. A stored channel window is estimated (not yet measured) at about 150 bytes with its indexes, so this
    /// holds the default seven days of 100 devices × 4 channels at one-minute windows (≈ 4 million rows, ≈ 0.6 GB)
    /// with room to spare.
    /// </summary>
    public const long DefaultMaxBytes = 1L << 30;

    /// <summary>The path of the SQLite file (created when missing). Required.</summary>
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>How long a window is kept after its start. Default seven days.</summary>
    public TimeSpan Retention { get; set; } = DefaultRetention;

    /// <summary>The most bytes the database's used pages may take; the oldest windows are pruned first beyond it.</summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>The smallest byte bound accepted: a few SQLite pages for the schema plus some windows.</summary>
    public const long MinimumMaxBytes = 64 * 1024;
}
