namespace EdgeCompute.Gateway.Bridges.HomeAssistant;

/// <summary>What Home Assistant's device registry shows of one device, from its birth frame.</summary>
/// <param name="Model">The platform the device reports (<c>esp32</c>), or <c>EdgeCompute device</c> before any birth.</param>
/// <param name="SoftwareVersion">Its firmware version, or <c>unknown</c> before any birth.</param>
public sealed record HomeAssistantDevice(string Model, string SoftwareVersion)
{
    /// <summary>A device whose birth the bridge has not seen.</summary>
    public static HomeAssistantDevice Unknown { get; } = new("EdgeCompute device", "unknown");
}
