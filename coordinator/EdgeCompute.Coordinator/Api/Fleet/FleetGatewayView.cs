using EdgeCompute.Coordinator.Api.Nodes;

namespace EdgeCompute.Coordinator.Api.Fleet;

/// <summary>One gateway and how many of its devices are online.</summary>
/// <param name="Id">The gateway id.</param>
/// <param name="Owner">Its operator from the registry (null when the registry does not know it).</param>
/// <param name="Online">Whether the gateway is online.</param>
/// <param name="Devices">Devices reached through it.</param>
/// <param name="DevicesOnline">Of those, online now.</param>
/// <param name="Status">Its latest status report (outbox, uplink, connected devices, free capacity), or null when it sent none.</param>
public sealed record FleetGatewayView(string Id, string? Owner, bool Online, int Devices, int DevicesOnline, NodeGatewayStatusView? Status);
