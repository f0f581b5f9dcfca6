using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Coordinator.Tests.Registry;

public sealed class FleetRegistryTests
{
    private static ProvisionedFleet Fleet() => FleetProvisioner.Create(new FleetSpec(2, 2, 6));

    [Fact]
    public void Loads_owners_gateways_and_devices_from_the_coordinator_file()
    {
        var fleet = Fleet();
        var folder = Directory.CreateTempSubdirectory("edgecompute-registry-");
        try
        {
            FleetFiles.Write(fleet, folder.FullName);
            var registry = FleetRegistry.Load(Path.Combine(folder.FullName, FleetFiles.CoordinatorFileName));

            Assert.Equal(2, registry.Owners.Count);
            Assert.Equal(fleet.Coordinator.Gateways.Select(g => g.Id).Order(), registry.Gateways.Select(g => g.Id));
            var record = fleet.Coordinator.Devices[0];
            Assert.Equal(RegistryLookup.Found, registry.FindDevice(record.Id, out var device));
            Assert.Equal((record.GatewayId, record.OwnerId, record.HardwareClass, record.ApprovedForDataRewards),
                (device!.HomeGatewayId, device.OwnerId, device.HardwareClass, device.ApprovedForDataRewards));
            Assert.Equal(record.GetKey(), device.Key.ToArray());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Checks_broker_passwords_and_refuses_revoked_gateways()
    {
        var fleet = Fleet();
        var registry = new FleetRegistry(fleet.Coordinator);
        var gateway = fleet.Coordinator.Gateways[0];

        Assert.True(registry.CheckBrokerPassword(gateway.Id, gateway.BrokerPassword));
        Assert.False(registry.CheckBrokerPassword(gateway.Id, new string('0', 64)));
        Assert.False(registry.CheckBrokerPassword("gw-unknown", gateway.BrokerPassword));

        Assert.True(registry.RevokeGateway(gateway.Id));
        Assert.False(registry.CheckBrokerPassword(gateway.Id, gateway.BrokerPassword));
        Assert.Equal(RegistryLookup.Revoked, registry.FindGateway(gateway.Id, out _));
        Assert.Equal(RegistryLookup.Unknown, registry.FindGateway("gw-unknown", out _));
    }

    [Fact]
    public void Rotates_keys_and_moves_devices_without_a_restart_and_keeps_revocations_across_reload()
    {
        var fleet = Fleet();
        var registry = new FleetRegistry(fleet.Coordinator);
        var gateway = fleet.Coordinator.Gateways[0];
        var device = fleet.Coordinator.Devices.First(d => d.GatewayId == gateway.Id);
        using var newKey = P256Keys.Generate();

        Assert.True(registry.RotateGatewayKey(gateway.Id, P256Keys.ExportPublicKey(newKey), "ab".PadRight(64, 'c')));
        registry.FindGateway(gateway.Id, out var rotated);
        Assert.Equal(P256Keys.ExportPublicKey(newKey), P256Keys.ExportPublicKey(rotated!.PublicKey));
        Assert.True(registry.CheckBrokerPassword(gateway.Id, "ab".PadRight(64, 'c')));

        var freshKey = Convert.ToHexStringLower(new byte[32].Select((_, i) => (byte)i).ToArray());
        Assert.True(registry.RotateDeviceKey(device.Id, freshKey));
        var otherGateway = fleet.Coordinator.Gateways[1].Id;
        Assert.True(registry.MoveDevice(device.Id, otherGateway));
        registry.FindDevice(device.Id, out var moved);
        Assert.Equal((otherGateway, freshKey), (moved!.HomeGatewayId, Convert.ToHexStringLower(moved.Key.Span)));

        Assert.True(registry.RevokeDevice(device.Id));
        registry.Reload(fleet.Coordinator);
        Assert.Equal(RegistryLookup.Revoked, registry.FindDevice(device.Id, out _));
        registry.FindGateway(gateway.Id, out var reloaded);
        Assert.Equal(gateway.PublicKey, P256Keys.ExportPublicKey(reloaded!.PublicKey)); // the file is the source again
    }
}
