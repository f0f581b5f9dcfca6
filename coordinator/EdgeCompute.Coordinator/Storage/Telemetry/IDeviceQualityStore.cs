using EdgeCompute.Coordinator.Domain.Epochs.Quality;

namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// Per epoch and device, the data quality verdict the epoch's close computed (score, readings, which checks failed),
/// kept beside the telemetry it judged. It knows nothing of which epochs the ledger closed: read it through
/// <c>IDeviceQualityReader</c>, which does.
/// </summary>
public interface IDeviceQualityStore
{
    /// <summary>
    /// Stores the verdicts of one epoch, replacing whatever an earlier attempt at closing it stored (a close re-run after a
    /// crash stores each device once, with what that run computed), in one transaction.
    /// </summary>
    /// <param name="epochId">The epoch.</param>
    /// <param name="devices">One verdict per device.</param>
    /// <param name="cancellationToken">Cancels the write (nothing is stored then).</param>
    /// <returns>A task that completes when stored.</returns>
    Task WriteDeviceQualityAsync(long epochId, IReadOnlyList<DeviceDataQuality> devices, CancellationToken cancellationToken = default);

    /// <summary>One page of an epoch's verdicts, ordered by device id (ordinal).</summary>
    /// <param name="epochId">The epoch.</param>
    /// <param name="afterDevice">Only devices after this id (the previous page's last); from the first when null.</param>
    /// <param name="limit">The most to return, 1 or more.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<DeviceQualityRecord>> ReadDeviceQualityAsync(long epochId, string? afterDevice, int limit, CancellationToken cancellationToken = default);

    /// <summary>Each device's verdict of the latest epoch up to <paramref name="maxEpochId"/> it has one for, ordered by device id.</summary>
    /// <param name="maxEpochId">The newest epoch to look at (the last closed one).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(long maxEpochId, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="ReadLatestDeviceQualityAsync(long, CancellationToken)"/>, for <paramref name="deviceIds"/> only.</summary>
    /// <param name="maxEpochId">The newest epoch to look at (the last closed one).</param>
    /// <param name="deviceIds">The devices.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records of those devices that have one, ordered by device id.</returns>
    Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(long maxEpochId, IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default);
}
