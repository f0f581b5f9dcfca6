using System.Security.Cryptography;
using EdgeCompute.Protocol.Security;

namespace EdgeCompute.Protocol.Provisioning;

/// <summary>
/// Makes a fleet's keys and files (docs/protocol.md, "Keys and provisioning"). Ids are deterministic
/// (<c>owner-01</c>, <c>gw-01</c>, <c>dev-0001</c>, zero-padded to the count); gateway <c>g</c> belongs to owner
/// <c>g mod owners</c>; device <c>d</c> attaches to gateway <c>d mod gateways</c> and belongs to owner <c>d mod owners</c>.
/// Keys, passwords and tokens come from <see cref="RandomNumberGenerator"/>.
/// </summary>
public static class FleetProvisioner
{
    /// <summary>Creates a fleet.</summary>
    /// <param name="spec">How many of each, and the device-facing address.</param>
    /// <returns>The registry and every gateway and device file.</returns>
    /// <exception cref="ArgumentException">A count or address in the spec is out of range.</exception>
    public static ProvisionedFleet Create(FleetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Owners, 1, nameof(spec));
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.Gateways, 1, nameof(spec));
        ArgumentOutOfRangeException.ThrowIfNegative(spec.Devices, nameof(spec));
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.GatewayHost, nameof(spec));
        ArgumentException.ThrowIfNullOrWhiteSpace(spec.HardwareClass, nameof(spec));
        if (spec.Api is { } api && !FleetFiles.IsApiAddress(api))
        {
            throw new ArgumentException($"the API address must be an absolute http or https URL, found \"{api}\"", nameof(spec));
        }

        var lastPort = spec.GatewayPort + (spec.DistinctGatewayPorts ? spec.Gateways - 1 : 0);
        if (spec.GatewayPort < 1 || lastPort > 65535)
        {
            throw new ArgumentException($"gateway ports {spec.GatewayPort}..{lastPort} are outside 1..65535", nameof(spec));
        }

        var owners = Enumerable.Range(0, spec.Owners)
            .Select(i => new OwnerRecord(Id("owner", i, spec.Owners, 2), $"Owner {i + 1}", $"payout:{Id("owner", i, spec.Owners, 2)}", RandomHex()))
            .ToArray();

        using var coordinatorKey = P256Keys.Generate();
        var coordinatorPublic = P256Keys.ExportPublicKey(coordinatorKey);
        var devices = Enumerable.Range(0, spec.Devices)
            .Select(d => new DeviceRecord(
                Id("dev", d, spec.Devices, 4),
                owners[d % spec.Owners].Id,
                Id("gw", d % spec.Gateways, spec.Gateways, 2),
                RandomHex(),
                spec.HardwareClass,
                spec.ApproveDevicesForDataRewards))
            .ToArray();

        var gatewayRecords = new List<GatewayRecord>(spec.Gateways);
        var gatewayFiles = new List<GatewayFile>(spec.Gateways);
        for (var g = 0; g < spec.Gateways; g++)
        {
            using var key = P256Keys.Generate();
            var id = Id("gw", g, spec.Gateways, 2);
            var record = new GatewayRecord(id, owners[g % spec.Owners].Id, P256Keys.ExportPublicKey(key), RandomHex());
            gatewayRecords.Add(record);
            gatewayFiles.Add(new GatewayFile(
                id,
                record.OwnerId,
                P256Keys.ExportPrivateKey(key),
                record.PublicKey,
                coordinatorPublic,
                id,
                record.BrokerPassword,
                PortOf(spec, g),
                devices.Where(d => d.GatewayId == id).Select(d => new GatewayDeviceEntry(d.Id, DeviceCredential.Derive(d.GetKey()))).ToArray(),
                spec.Api));
        }

        var deviceFiles = devices
            .Select((d, i) => new DeviceFile(d.Id, d.OwnerId, d.GatewayId, d.KeyHex, spec.GatewayHost, PortOf(spec, i % spec.Gateways)))
            .ToArray();
        var registry = new CoordinatorRegistry(P256Keys.ExportPrivateKey(coordinatorKey), coordinatorPublic, owners, gatewayRecords, devices);
        return new ProvisionedFleet(registry, gatewayFiles, deviceFiles);
    }

    /// <summary>32 random bytes as 64 lowercase hex characters (device keys, passwords, API tokens).</summary>
    /// <returns>The hex text.</returns>
    public static string RandomHex() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static int PortOf(FleetSpec spec, int gateway) => spec.GatewayPort + (spec.DistinctGatewayPorts ? gateway : 0);

    private static string Id(string prefix, int index, int count, int minWidth) =>
        $"{prefix}-{(index + 1).ToString($"D{Math.Max(minWidth, count.ToString(System.Globalization.CultureInfo.InvariantCulture).Length)}", System.Globalization.CultureInfo.InvariantCulture)}";
}
