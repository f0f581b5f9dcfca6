namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>Reads the reused device boots the store recorded (<c>GET /api/nodes</c> shows them per device).</summary>
public interface IBootReuseReader
{
    /// <summary>Every device with a reused boot, ordered by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per device.</returns>
    Task<IReadOnlyList<DeviceBootReuse>> ReadBootReuseAsync(CancellationToken cancellationToken = default);

    /// <summary>Those of <paramref name="deviceIds"/> with a reused boot, ordered by id (a page of nodes reads its own).</summary>
    /// <param name="deviceIds">The devices.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per such device.</returns>
    Task<IReadOnlyList<DeviceBootReuse>> ReadBootReuseAsync(IReadOnlyCollection<string> deviceIds, CancellationToken cancellationToken = default);
}
