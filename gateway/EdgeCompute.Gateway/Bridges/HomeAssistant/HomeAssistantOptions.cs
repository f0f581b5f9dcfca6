namespace EdgeCompute.Gateway.Bridges.HomeAssistant;

/// <summary>
/// Home Assistant MQTT discovery for this gateway's devices and own sensors; bound from the section
/// <c>HomeAssistantOptions</c>, checked at start by <see cref="HomeAssistantOptionsValidator"/>, off by default.
/// </summary>
public sealed class HomeAssistantOptions
{
    /// <summary>Gets or sets whether the bridge runs; default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the broker Home Assistant's MQTT integration uses (required when enabled).</summary>
    public BridgeBrokerOptions Broker { get; set; } = new();

    /// <summary>Gets or sets Home Assistant's discovery prefix; default <c>homeassistant</c> (the integration's default).</summary>
    public string DiscoveryPrefix { get; set; } = "homeassistant";

    /// <summary>Gets or sets the prefix of the state and availability topics; default <c>edgecompute</c>.</summary>
    public string TopicPrefix { get; set; } = "edgecompute";
}
