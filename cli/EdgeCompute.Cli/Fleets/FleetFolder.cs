using EdgeCompute.Cli.Hosting;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Fleets;

/// <summary>
/// A provisioned fleet's folder (<c>coordinator.json</c>, <c>gateways/{id}.json</c>, <c>devices/{id}.json</c>) as an option
/// names it. Each read takes only the file it needs; a missing or invalid file is a configuration error naming the option.
/// </summary>
internal sealed class FleetFolder
{
    private FleetFolder(string root, string optionName)
    {
        Root = root;
        OptionName = optionName;
    }

    /// <summary>Gets the folder's full path.</summary>
    public string Root { get; }

    /// <summary>Gets the option that named the folder (<c>--fleet</c>).</summary>
    public string OptionName { get; }

    /// <summary>Gets the path of <c>coordinator.json</c>.</summary>
    public string CoordinatorFile => Path.Combine(Root, FleetFiles.CoordinatorFileName);

    /// <summary>Opens a fleet folder that must exist.</summary>
    /// <param name="path">The folder.</param>
    /// <param name="optionName">The option that named it.</param>
    /// <returns>The folder.</returns>
    /// <exception cref="CommandFailedException">The folder does not exist (exit 78).</exception>
    public static FleetFolder Open(string path, string optionName = "--fleet")
    {
        var root = Path.GetFullPath(path);
        return Directory.Exists(root)
            ? new FleetFolder(root, optionName)
            : throw CommandFailedException.Configuration($"{optionName}: the folder {root} does not exist (make a fleet with 'edgecompute provision fleet --out {path}')");
    }

    /// <summary>Gets the path of a gateway's file.</summary>
    /// <param name="gatewayId">The gateway id.</param>
    /// <returns>The path.</returns>
    public string GatewayFile(string gatewayId) => Path.Combine(Root, FleetFiles.GatewaysFolder, gatewayId + ".json");

    /// <summary>Gets the path of a device's file.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <returns>The path.</returns>
    public string DeviceFile(string deviceId) => Path.Combine(Root, FleetFiles.DevicesFolder, deviceId + ".json");

    /// <summary>Reads and checks <c>coordinator.json</c>.</summary>
    /// <returns>The registry.</returns>
    public CoordinatorRegistry ReadCoordinator() =>
        File.Exists(CoordinatorFile)
            ? Read(() => FleetFiles.ReadCoordinator(CoordinatorFile))
            : throw CommandFailedException.Configuration($"{OptionName}: {CoordinatorFile} does not exist; 'provision mosquitto' needs the coordinator's copy of the fleet");

    /// <summary>Reads and checks one gateway's file (and nothing else).</summary>
    /// <param name="gatewayId">The gateway id.</param>
    /// <param name="idOption">The option that named the id.</param>
    /// <returns>The gateway file.</returns>
    public GatewayFile ReadGateway(string gatewayId, string idOption)
    {
        var path = GatewayFile(gatewayId);
        if (!Protocol.Ids.ProtocolId.IsValid(gatewayId) || !File.Exists(path))
        {
            throw CommandFailedException.Configuration($"{idOption} {gatewayId}: no gateway file {path}{Known(FleetFiles.GatewaysFolder, "gateways")}");
        }

        var file = Read(() => FleetFiles.ReadGateway(path));
        return file.GatewayId == gatewayId
            ? file
            : throw CommandFailedException.Configuration($"{idOption} {gatewayId}: {path} belongs to gateway {file.GatewayId}");
    }

    /// <summary>Reads and checks one device's file.</summary>
    /// <param name="deviceId">The device id.</param>
    /// <param name="idOption">The option that named the id.</param>
    /// <returns>The device file.</returns>
    public DeviceFile ReadDevice(string deviceId, string idOption)
    {
        var path = DeviceFile(deviceId);
        if (!Protocol.Ids.ProtocolId.IsValid(deviceId) || !File.Exists(path))
        {
            throw CommandFailedException.Configuration($"{idOption} {deviceId}: no device file {path}{Known(FleetFiles.DevicesFolder, "devices")}");
        }

        var file = Read(() => FleetFiles.ReadDevice(path));
        return file.DeviceId == deviceId
            ? file
            : throw CommandFailedException.Configuration($"{idOption} {deviceId}: {path} belongs to device {file.DeviceId}");
    }

    /// <summary>Reads and checks every device file, ordered by id.</summary>
    /// <returns>The device files.</returns>
    public IReadOnlyList<DeviceFile> ReadDevices()
    {
        var folder = Path.Combine(Root, FleetFiles.DevicesFolder);
        var paths = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.json") : [];
        if (paths.Length == 0)
        {
            throw CommandFailedException.Configuration($"{OptionName}: no device files in {folder}");
        }

        return [.. paths.Select(p => Read(() => FleetFiles.ReadDevice(p))).OrderBy(d => d.DeviceId, StringComparer.Ordinal)];
    }

    private T Read<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ProvisioningException e)
        {
            throw CommandFailedException.Configuration($"{OptionName}: {e.Message}");
        }
    }

    private string Known(string folder, string what)
    {
        var path = Path.Combine(Root, folder);
        var ids = Directory.Exists(path)
            ? Directory.GetFiles(path, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray()
            : [];
        return ids.Length == 0 ? $" (this fleet has no {what})" : $" ({what} in this fleet: {IdList.Abbreviate(ids!)})";
    }
}
