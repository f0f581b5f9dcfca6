namespace EdgeCompute.Coordinator.Storage.Telemetry;

/// <summary>
/// Reads when the coordinator last heard of each node, from what the telemetry store keeps: the receive time of the
/// gateway's batches, of the batches holding a device's frames, of the batches carrying a device's birth or state, and
/// of the gateway's last status. So a restarted coordinator shows when it last heard of a node rather than never.
/// </summary>
public interface INodeSeenReader
{
    /// <summary>Every node the store has a receive time for, gateways first, each ordered by id.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The records (one per node: its latest time).</returns>
    Task<IReadOnlyList<NodeSeenRecord>> ReadNodesSeenAsync(CancellationToken cancellationToken = default);
}
