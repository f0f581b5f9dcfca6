namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>A node that could run a task, as the scheduler sees it at one moment.</summary>
/// <param name="NodeId">The device or gateway id.</param>
/// <param name="Owner">The node's owner.</param>
/// <param name="GatewayId">The gateway it is reached through (a gateway's own id for a gateway).</param>
/// <param name="GatewayOwner">That gateway's owner (the node's own owner for a gateway).</param>
/// <param name="IsGateway">Whether the node is a gateway (runs <c>wasm</c> tasks itself).</param>
/// <param name="Kernels">The kernels it runs (a gateway that runs WebAssembly lists <c>wasm</c>).</param>
/// <param name="Online">Whether it is connected now.</param>
/// <param name="FreeSlots">Tasks it can take now.</param>
/// <param name="Reputation">Its reputation for ordering, higher first (the reputation score's lower bound).</param>
/// <param name="Geohash">Where it is.</param>
public sealed record NodeCandidate(
    string NodeId,
    string Owner,
    string GatewayId,
    string GatewayOwner,
    bool IsGateway,
    IReadOnlySet<string> Kernels,
    bool Online,
    int FreeSlots,
    double Reputation,
    string Geohash);
