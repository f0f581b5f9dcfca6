using EdgeCompute.Gateway.Configuration;

namespace EdgeCompute.Gateway.Outbox;

/// <summary>
/// What the outbox may use on its filesystem, worked out at open from the free space: the WAL's room, the reserve
/// (<see cref="DiskReserve"/>) and the byte budget that eviction keeps to (<see cref="OutboxOptions.MaxBytes"/>, capped
/// below the free space so the oldest telemetry is evicted before the disk fills).
/// </summary>
/// <param name="MaxBytes">The budget eviction keeps to (charged bytes, <see cref="OutboxSize"/>).</param>
/// <param name="ConfiguredMaxBytes">What <see cref="OutboxOptions.MaxBytes"/> asked for.</param>
/// <param name="ReserveBytes">The reserve file's size (0 for none).</param>
/// <param name="WalCheckpointPages">SQLite's <c>wal_autocheckpoint</c>: the WAL is folded back into the file past this many pages.</param>
/// <param name="AvailableBytes">The filesystem's free space plus what the outbox's files already took, when read.</param>
internal sealed record OutboxBudget(long MaxBytes, long ConfiguredMaxBytes, long ReserveBytes, int WalCheckpointPages, long AvailableBytes)
{
    /// <summary>SQLite's file size over the charged bytes, measured at ≈ 1.02–1.06 (3-channel summaries, 8 MiB budget); with room to spare.</summary>
    public const double FileOverhead = 1.1;

    /// <summary>SQLite's page size (its default).</summary>
    public const int PageSize = 4096;

    /// <summary>The default <c>wal_autocheckpoint</c> (SQLite's, ≈ 4 MiB of WAL).</summary>
    public const int DefaultCheckpointPages = 1000;

    /// <summary>The smallest budget a gateway can work with (as <see cref="GatewayOptionsValidator.MinOutboxBytes"/>).</summary>
    public const long MinimumBytes = GatewayOptionsValidator.MinOutboxBytes;

    /// <summary>Gets whether the configured budget was capped to the free space.</summary>
    public bool IsCapped => MaxBytes < ConfiguredMaxBytes;

    /// <summary>Works the budget out.</summary>
    /// <param name="options">The outbox settings.</param>
    /// <param name="freeBytes">The free space of the filesystem, for this process.</param>
    /// <param name="ownBytes">What the outbox's files (database, WAL, reserve) already take.</param>
    /// <returns>The budget.</returns>
    public static OutboxBudget Plan(OutboxOptions options, long freeBytes, long ownBytes)
    {
        ArgumentNullException.ThrowIfNull(options);
        var available = Math.Max(0, freeBytes) + Math.Max(0, ownBytes);
        var walRoom = Math.Min(2L * DefaultCheckpointPages * PageSize, available / 8);
        var checkpointPages = (int)Math.Clamp(walRoom / 2 / PageSize, 16, DefaultCheckpointPages);
        var reserve = Math.Min(options.ReserveBytes, available / 8);
        var usable = (long)((available - walRoom - reserve) * options.FreeSpaceShare / FileOverhead);
        return new OutboxBudget(Math.Min(options.MaxBytes, Math.Max(0, usable)), options.MaxBytes, reserve, checkpointPages, available);
    }
}
