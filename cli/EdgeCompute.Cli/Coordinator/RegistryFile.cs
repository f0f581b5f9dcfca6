using System.Security.Cryptography;
using EdgeCompute.Cli.Fleets;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>Reads the coordinator registry of a fleet folder: only <c>coordinator.json</c>.</summary>
internal static class RegistryFile
{
    /// <summary>Reads <c>DIR/coordinator.json</c>; a missing or broken file is a configuration error naming <c>--fleet</c>.</summary>
    /// <param name="fleetFolder">The fleet folder.</param>
    /// <returns>The registry.</returns>
    public static FleetRegistry ReadRegistry(string fleetFolder)
    {
        var fleet = FleetFolder.Open(fleetFolder);
        if (!File.Exists(fleet.CoordinatorFile))
        {
            throw CommandFailedException.Configuration($"--fleet: {fleet.CoordinatorFile} does not exist; this needs the coordinator's copy of the fleet");
        }

        try
        {
            return new FleetRegistry(fleet.ReadCoordinator());
        }
        catch (CryptographicException e)
        {
            throw CommandFailedException.Configuration($"--fleet: {FleetFiles.CoordinatorFileName} holds an unusable key: {e.Message}");
        }
    }

    /// <summary>Reads the coordinator's public key, which signs the epoch statements.</summary>
    /// <param name="fleetFolder">The fleet folder.</param>
    /// <returns>The P-256 public key.</returns>
    public static ECDsa ReadPublicKey(string fleetFolder) => P256Keys.ImportPublicKey(ReadRegistry(fleetFolder).CoordinatorPublicKey);
}
