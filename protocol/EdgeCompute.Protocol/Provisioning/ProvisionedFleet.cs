namespace EdgeCompute.Protocol.Provisioning;

/// <summary>A provisioned fleet: the coordinator registry plus one file per gateway and per device.</summary>
/// <param name="Coordinator">The contents of <c>coordinator.json</c>.</param>
/// <param name="Gateways">The contents of each <c>gateways/{id}.json</c>.</param>
/// <param name="Devices">The contents of each <c>devices/{id}.json</c>.</param>
public sealed record ProvisionedFleet(CoordinatorRegistry Coordinator, IReadOnlyList<GatewayFile> Gateways, IReadOnlyList<DeviceFile> Devices);
