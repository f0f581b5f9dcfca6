using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Epochs;

/// <summary>
/// The data quality of each device per closed epoch — its score and which checks its data failed (range, stuck, jump,
/// gap, neighbour) — as the epoch's close computed and stored it. Only closed epochs are read: a verdict stored by a close
/// that did not book (a crash, a refused ledger) is not shown until that epoch closes.
/// </summary>
public interface IDeviceQualityReader
{
    /// <summary>One page of a closed epoch's verdicts, ordered by device id (ordinal).</summary>
    /// <param name="epochId">The epoch.</param>
    /// <param name="afterDevice">Only devices after this id (the previous page's last); from the first when null.</param>
    /// <param name="limit">The most to return, 1 or more.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records (empty when the epoch had no device telemetry), or null when the epoch is not closed.</returns>
    Task<IReadOnlyList<DeviceQualityRecord>?> ReadDeviceQualityAsync(long epochId, string? afterDevice = null, int limit = int.MaxValue,
        CancellationToken cancellationToken = default);

    /// <summary>Each device's verdict of the latest closed epoch it sent telemetry in, ordered by device id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records (empty when no epoch is closed).</returns>
    Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ReadLatestDeviceQualityAsync(CancellationToken)"/>, for <paramref name="deviceIds"/> only (a page of nodes reads its own).</summary>
    /// <param name="deviceIds">The devices.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records of those devices that have one (empty when no epoch is closed).</returns>
    Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default);
}
