namespace EdgeCompute.Coordinator.Tasking;

/// <summary>What the node directory knows about one node at a moment.</summary>
/// <param name="NodeId">The device or gateway id.</param>
/// <param name="IsGateway">Whether it is a gateway (runs WASM tasks itself).</param>
/// <param name="GatewayId">The gateway it is reachable through (itself for a gateway).</param>
/// <param name="Online">Whether it (and, for a device, its gateway) is online.</param>
/// <param name="Kernels">The kernels it runs (<c>wasm</c> for a WASM-capable gateway).</param>
/// <param name="Capacity">How many tasks it may hold at once.</param>
/// <param name="Geohash">Its location (a device inherits its gateway's).</param>
/// <param name="LastSeen">
/// When the coordinator last heard of it, on the coordinator's clock (its <see cref="TimeProvider"/> at receipt): for a
/// device its birth, a state item about it or a committed batch holding its frames; for a gateway its birth, its state,
/// its status and every committed batch. After a restart, the receive time the store kept (see
/// <see cref="NodeDirectory.RestoreLastSeen"/>). Null when it was never heard of.
/// </param>
public sealed record NodeInfo(string NodeId, bool IsGateway, string GatewayId, bool Online, IReadOnlySet<string> Kernels, int Capacity, string Geohash,
    DateTimeOffset? LastSeen = null);
