using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// A fleet of one gateway and N devices from <see cref="FleetProvisioner"/>, written to a temp folder the way
/// <c>edgecompute provision fleet</c> writes it, with the gateway file read back from disk (what the service reads).
/// The harness plays the devices, so it holds the device keys; the gateway only ever sees its own file.
/// </summary>
internal sealed class BenchFleet : IDisposable
{
    private BenchFleet(string folder, ProvisionedFleet fleet, GatewayFile gateway)
    {
        Folder = folder;
        Fleet = fleet;
        Gateway = gateway;
    }

    public string Folder { get; }

    public ProvisionedFleet Fleet { get; }

    public GatewayFile Gateway { get; }

    public IReadOnlyList<DeviceFile> Devices => Fleet.Devices;

    public static BenchFleet Create(int devices)
    {
        var folder = TempFolders.Create("ec-bench-fleet-");
        var fleet = FleetProvisioner.Create(new FleetSpec(1, 1, devices));
        FleetFiles.Write(fleet, folder);
        var gateway = FleetFiles.ReadGateway(Path.Combine(folder, FleetFiles.GatewaysFolder, $"{fleet.Gateways[0].GatewayId}.json"));
        return new BenchFleet(folder, fleet, gateway);
    }

    public void Dispose() => TempFolders.Remove(Folder);
}
