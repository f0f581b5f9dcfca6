using EdgeCompute.Cli.Fleets;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Client.Owners;
using EdgeCompute.Protocol.Provisioning;

namespace EdgeCompute.Cli.Provision;

/// <summary>Writes a new fleet into a folder (refusing to replace one unless told to) and says what went where.</summary>
internal static class FleetWriter
{
    /// <summary>Creates the fleet, writes its files with owner-only access and prints the summary.</summary>
    /// <param name="spec">What to make.</param>
    /// <param name="folder">The output folder (full path).</param>
    /// <param name="force">Whether an existing fleet there may be replaced.</param>
    /// <param name="output">Where the summary goes.</param>
    /// <param name="api">The coordinator's API address, written into each owner's file.</param>
    /// <returns>The exit code.</returns>
    public static int Write(FleetSpec spec, string folder, bool force, TextWriter output, Uri api)
    {
        var existing = ExistingFleetFiles(folder);
        if (existing.Count > 0 && !force)
        {
            throw CommandFailedException.Failure(
                $"--out: {folder} already holds a fleet ({existing.Count} files, such as {Path.GetRelativePath(folder, existing[0])}); pass --force to replace it, or choose another folder");
        }

        ProvisionedFleet fleet;
        try
        {
            fleet = FleetProvisioner.Create(spec);
        }
        catch (ArgumentException e)
        {
            throw CommandFailedException.Usage($"--gateway-port: {e.Message}");
        }

        try
        {
            existing.ForEach(File.Delete);
            FleetFiles.Write(fleet, folder);
            WriteOwnerFiles(fleet.Coordinator, folder, api);
            foreach (var file in ExistingFleetFiles(folder))
            {
                SecretFiles.RestrictToOwner(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw CommandFailedException.Failure($"--out: cannot write the fleet to {folder}: {e.Message}");
        }

        Summarize(fleet, folder, output);
        return ExitCodes.Ok;
    }

    /// <summary>Each owner's file: their token, the API address and the coordinator's public key to pin (see <see cref="OwnerFile"/>).</summary>
    private static void WriteOwnerFiles(CoordinatorRegistry registry, string folder, Uri api)
    {
        var owners = Directory.CreateDirectory(Path.Combine(folder, OwnerFile.FolderName)).FullName;
        foreach (var owner in registry.Owners)
        {
            new OwnerFile(owner.Id, owner.ApiToken, api, registry.CoordinatorPublicKey).Write(Path.Combine(owners, owner.Id + ".json"));
        }
    }

    private static List<string> ExistingFleetFiles(string folder)
    {
        var files = new List<string>();
        if (File.Exists(Path.Combine(folder, FleetFiles.CoordinatorFileName)))
        {
            files.Add(Path.Combine(folder, FleetFiles.CoordinatorFileName));
        }

        foreach (var sub in new[] { FleetFiles.GatewaysFolder, FleetFiles.DevicesFolder, OwnerFile.FolderName })
        {
            var path = Path.Combine(folder, sub);
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.GetFiles(path, "*.json").Order(StringComparer.Ordinal));
            }
        }

        return files;
    }

    private static void Summarize(ProvisionedFleet fleet, string folder, TextWriter output)
    {
        var registry = fleet.Coordinator;
        output.WriteLine($"Wrote a fleet of {registry.Owners.Count} owners, {registry.Gateways.Count} gateways and {registry.Devices.Count} devices to {folder}");
        output.WriteLine($"  owners: {IdList.Abbreviate([.. registry.Owners.Select(o => o.Id)])}");
        foreach (var gateway in fleet.Gateways)
        {
            var ids = gateway.Devices.Select(d => d.DeviceId).ToArray();
            output.WriteLine(
                $"  {gateway.GatewayId} (owner {gateway.OwnerId}, device port {gateway.DeviceBrokerPort}): {ids.Length} devices{(ids.Length > 0 ? ": " + IdList.Abbreviate(ids) : "")}");
        }

        output.WriteLine("Where each file goes (every file holds secrets; each is readable by you only):");
        output.WriteLine($"  {FleetFiles.CoordinatorFileName,-20} stays on the coordinator: every owner, gateway and device key");
        output.WriteLine($"  {FleetFiles.GatewaysFolder + "/<id>.json",-20} goes to that gateway's Raspberry Pi: edgecompute gateway --fleet DIR --id <id>{(fleet.Gateways.FirstOrDefault()?.Api is { } gatewayApi ? $" (it fetches modules and inputs from {gatewayApi})" : "")}");
        output.WriteLine($"  {OwnerFile.FolderName + "/<id>.json",-20} goes to that owner: their API token, the API address and the coordinator's public key to check payout proofs with (epochs N --proof ID --owner-file)");
        output.WriteLine($"  {FleetFiles.DevicesFolder + "/<id>.json",-20} becomes that board's configuration: edgecompute provision device --fleet DIR --id <id> ...");
    }
}
