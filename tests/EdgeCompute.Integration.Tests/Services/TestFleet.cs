using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Integration.Tests.Services;

/// <summary>A fleet folder as <c>edgecompute provision fleet</c> writes it: the coordinator's registry, gateway files, device files.</summary>
internal sealed record TestFleet(string Folder, CoordinatorRegistry Coordinator, IReadOnlyList<GatewayFile> Gateways, IReadOnlyList<DeviceFile> Devices)
{
    public static TestFleet Read(string folder) => new(
        folder,
        FleetFiles.ReadCoordinator(Path.Combine(folder, "coordinator.json")),
        [.. Directory.GetFiles(Path.Combine(folder, "gateways"), "*.json").Order(StringComparer.Ordinal).Select(FleetFiles.ReadGateway)],
        [.. Directory.GetFiles(Path.Combine(folder, "devices"), "*.json").Order(StringComparer.Ordinal).Select(FleetFiles.ReadDevice)]);

    /// <summary>Writes a fleet made in process to a folder, so the CLI can read it.</summary>
    public static TestFleet Write(ProvisionedFleet fleet, string folder)
    {
        FleetFiles.Write(fleet, folder);
        return new TestFleet(folder, fleet.Coordinator, fleet.Gateways, fleet.Devices);
    }

    public IReadOnlyList<DeviceFile> DevicesOf(string gatewayId) => [.. Devices.Where(d => d.GatewayId == gatewayId)];
}
