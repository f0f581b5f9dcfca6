namespace EdgeCompute.Protocol.Provisioning;

/// <summary>What <see cref="FleetProvisioner.Create"/> should make.</summary>
/// <param name="Owners">Number of owners (≥ 1).</param>
/// <param name="Gateways">Number of gateways (≥ 1).</param>
/// <param name="Devices">Number of devices (≥ 0).</param>
public sealed record FleetSpec(int Owners, int Gateways, int Devices)
{
    /// <summary>The host devices connect to (written into every device file).</summary>
    public string GatewayHost { get; init; } = "localhost";

    /// <summary>The device broker port of the first gateway.</summary>
    public int GatewayPort { get; init; } = DeviceFile.DefaultGatewayPort;

    /// <summary>When true, gateway <c>i</c> (from 0) listens on <see cref="GatewayPort"/> + i, so several gateways can share one host.</summary>
    public bool DistinctGatewayPorts { get; init; }

    /// <summary>The hardware class recorded for every device.</summary>
    public string HardwareClass { get; init; } = "esp32";

    /// <summary>The coordinator's HTTP API as gateways reach it, written into every gateway file as <c>api</c>; null for none.</summary>
    public Uri? Api { get; init; }

    /// <summary>Whether devices start approved for data rewards.</summary>
    public bool ApproveDevicesForDataRewards { get; init; } = true;
}
