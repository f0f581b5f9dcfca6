using EdgeCompute.Coordinator.Storage.Ledger;
using EdgeCompute.Coordinator.Storage.Telemetry;

namespace EdgeCompute.Coordinator.Epochs;

/// <summary>
/// <see cref="IDeviceQualityReader"/> over the stored verdicts and the ledger: an epoch counts as closed when the ledger
/// holds its statement. Epochs close in order, so "up to the last closed epoch" is "closed".
/// </summary>
/// <param name="ledger">The ledger (which epochs are closed).</param>
/// <param name="store">The stored verdicts.</param>
public sealed class ClosedEpochQuality(ILedgerStore ledger, IDeviceQualityStore store) : IDeviceQualityReader
{
    private readonly ILedgerStore _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
    private readonly IDeviceQualityStore _store = store ?? throw new ArgumentNullException(nameof(store));

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceQualityRecord>?> ReadDeviceQualityAsync(long epochId, string? afterDevice = null, int limit = int.MaxValue,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epochId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (await _ledger.ReadStatementAsync(epochId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        return await _store.ReadDeviceQualityAsync(epochId, afterDevice, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(CancellationToken cancellationToken = default)
    {
        var last = await _ledger.ReadLastClosedEpochAsync(cancellationToken).ConfigureAwait(false);
        return last is { } closed ? await _store.ReadLatestDeviceQualityAsync(closed, cancellationToken).ConfigureAwait(false) : [];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceQualityRecord>> ReadLatestDeviceQualityAsync(IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deviceIds);
        if (deviceIds.Count == 0)
        {
            return [];
        }

        var last = await _ledger.ReadLastClosedEpochAsync(cancellationToken).ConfigureAwait(false);
        return last is { } closed ? await _store.ReadLatestDeviceQualityAsync(closed, deviceIds, cancellationToken).ConfigureAwait(false) : [];
    }
}
