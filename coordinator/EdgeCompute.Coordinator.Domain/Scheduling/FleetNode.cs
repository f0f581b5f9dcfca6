namespace EdgeCompute.Coordinator.Domain.Scheduling;

/// <summary>A registered node as <see cref="PlaceabilityCheck"/> sees it: who controls it, what it runs, whether it is online.</summary>
/// <param name="NodeId">The device or gateway id.</param>
/// <param name="Owner">The node's owner.</param>
/// <param name="GatewayOwner">The owner of the gateway it is reached through (its own owner for a gateway).</param>
/// <param name="IsGateway">Whether the node is a gateway (runs <c>wasm</c> tasks itself).</param>
/// <param name="Kernels">The kernels it announced at its last birth, or null when it never announced any (it may run anything).</param>
/// <param name="Online">Whether it is connected now.</param>
public sealed record FleetNode(string NodeId, string Owner, string GatewayOwner, bool IsGateway, IReadOnlySet<string>? Kernels, bool Online);
