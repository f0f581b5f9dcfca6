namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// Reads the devices' stored births and states, so a coordinator that restarts (or a replica that joins) knows what each
/// device can do without waiting for the device to be born again.
/// </summary>
public interface IDeviceNodeReader
{
    /// <summary>Every device with a stored birth or state, ordered by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records.</returns>
    Task<IReadOnlyList<DeviceNodeRecord>> ReadDeviceNodesAsync(CancellationToken cancellationToken = default);
}
