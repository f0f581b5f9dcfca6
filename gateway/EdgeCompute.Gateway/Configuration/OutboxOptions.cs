namespace EdgeCompute.Gateway.Configuration;

/// <summary>Settings of the durable outbox (section <c>GatewayOptions:Outbox</c>).</summary>
public sealed class OutboxOptions
{
    /// <summary>The default bound: 256 MiB (see <see cref="MaxBytes"/>).</summary>
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>Gets or sets the outbox file name inside the data folder (default <c>outbox.db</c>).</summary>
    public string FileName { get; set; } = "outbox.db";

    /// <summary>
    /// Gets or sets the most bytes the outbox holds, counted as stored payload bytes plus
    /// <see cref="Outbox.OutboxSize.RowOverheadBytes"/> per row (default 256 MiB). A 3-channel window-summary frame is about
    /// 476 B, so 572 B with its 32-byte hash and 64-byte row: 100 devices at one frame a minute make 144,000 frames (82 MB) a day, and the
    /// default holds about 3.3 days offline (or 1.7 days of 100 devices sending one frame every 30 s). When full, the
    /// oldest telemetry is evicted first and reported upstream as a gap; results are never evicted.
    /// </summary>
    public long MaxBytes { get; set; } = DefaultMaxBytes;

    /// <summary>
    /// Gets or sets whether each commit is flushed to the disk (<c>true</c>, default: SQLite <c>synchronous=FULL</c>,
    /// a frame acknowledged to a device survives power loss) or only to the operating system (<c>false</c>:
    /// <c>synchronous=NORMAL</c>, survives a process crash, the last commits may be lost on power loss).
    /// Group commit makes either one sync per group of frames, not one per frame.
    /// </summary>
    public bool SyncEveryCommit { get; set; } = true;

    /// <summary>Gets or sets the most operations one group commit takes (default 2000).</summary>
    public int MaxGroupSize { get; set; } = 2000;

    /// <summary>Gets or sets how long an append waits for its commit before it fails (default 10 s).</summary>
    public TimeSpan CommitTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
