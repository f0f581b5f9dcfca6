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

    /// <summary>
    /// Gets or sets the share of the data folder's filesystem that <see cref="MaxBytes"/> may take (default 0.5). At start
    /// the free space (plus what the outbox's files already take) is read; the WAL's room and <see cref="ReserveBytes"/>
    /// are set aside, SQLite's own overhead (≈ 6 %, measured) is allowed for, and <see cref="MaxBytes"/> is capped to this
    /// share of the rest — said in the log — so the oldest telemetry is evicted before the disk fills. The other half is
    /// left to the local store, the logs and the rest of the system.
    /// </summary>
    public double FreeSpaceShare { get; set; } = 0.5;

    /// <summary>
    /// Gets or sets the room kept in reserve beside the outbox (default 4 MiB, at most an eighth of what the outbox may
    /// use): a file of zeros, <c>{FileName}.reserve</c>, given up the moment SQLite reports the disk full, so acknowledged
    /// batches can still be deleted (a delete writes to the WAL too) and the outbox drains; it is made again once the
    /// outbox has drained. 0 keeps no reserve.
    /// </summary>
    public long ReserveBytes { get; set; } = 4L * 1024 * 1024;
}
