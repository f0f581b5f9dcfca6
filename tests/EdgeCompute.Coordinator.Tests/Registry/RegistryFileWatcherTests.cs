using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace EdgeCompute.Coordinator.Tests.Registry;

public sealed class RegistryFileWatcherTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgecompute-registry-").FullName;

    [Fact]
    public async Task A_changed_coordinator_file_rotates_revokes_and_moves_without_a_restart_and_a_broken_one_changes_nothing()
    {
        var fleet = FleetProvisioner.Create(new FleetSpec(2, 2, 4));
        FleetFiles.Write(fleet, _folder);
        var path = Path.Combine(_folder, FleetFiles.CoordinatorFileName);
        var registry = FleetRegistry.Load(path);
        var clock = new FakeTimeProvider();
        await using var watcher = new RegistryFileWatcher(registry, path, TimeSpan.FromHours(1), clock);
        var devices = fleet.Coordinator.Devices;
        var (removed, rotated, moved) = (devices[0], devices[1], devices[2]);
        var otherGateway = fleet.Coordinator.Gateways.First(g => g.Id != moved.GatewayId).Id;

        Assert.Equal(RegistryReload.Unchanged, watcher.CheckNow());

        var newKey = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var changed = fleet.Coordinator with
        {
            Devices = [.. devices.Skip(1).Select(d => d.Id == rotated.Id ? d with { KeyHex = newKey } : d.Id == moved.Id ? d with { GatewayId = otherGateway } : d)],
        };
        Rewrite(path, fleet with { Coordinator = changed }, minutesLater: 1);

        Assert.Equal(RegistryReload.Reloaded, watcher.CheckNow());
        Assert.NotEqual(RegistryLookup.Found, registry.FindDevice(removed.Id, out _));
        Assert.Equal(RegistryLookup.Found, registry.FindDevice(rotated.Id, out var rotatedNow));
        Assert.Equal(newKey, Convert.ToHexStringLower(rotatedNow!.Key.Span));
        Assert.Equal(RegistryLookup.Found, registry.FindDevice(moved.Id, out var movedNow));
        Assert.Equal(otherGateway, movedNow!.HomeGatewayId);
        Assert.Equal(RegistryReload.Unchanged, watcher.CheckNow());

        // A half-written file: rejected whole, the registry keeps the last good contents.
        await File.WriteAllTextAsync(path, "{ \"coordinatorPublicKey\": ", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(2));

        Assert.Equal(RegistryReload.Rejected, watcher.CheckNow());
        Assert.Equal(RegistryLookup.Found, registry.FindDevice(rotated.Id, out var stillRotated));
        Assert.Equal(newKey, Convert.ToHexStringLower(stillRotated!.Key.Span));
        Assert.Equal((1L, 1L), (watcher.Reloads, watcher.Rejections));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Rewrite(string path, ProvisionedFleet fleet, int minutesLater)
    {
        var folder = Directory.CreateTempSubdirectory("edgecompute-registry-new-").FullName;
        try
        {
            FleetFiles.Write(fleet, folder);
            File.Copy(Path.Combine(folder, FleetFiles.CoordinatorFileName), path, overwrite: true);
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(minutesLater));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
