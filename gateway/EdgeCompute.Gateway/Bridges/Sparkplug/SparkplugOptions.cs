namespace EdgeCompute.Gateway.Bridges.Sparkplug;

/// <summary>
/// The gateway as a Sparkplug B edge node; bound from the section <c>SparkplugOptions</c>, checked at start by
/// <see cref="SparkplugOptionsValidator"/>, off by default.
/// </summary>
public sealed class SparkplugOptions
{
    /// <summary>Gets or sets whether the edge node runs; default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets the plant's MQTT server (required when enabled).</summary>
    public BridgeBrokerOptions Broker { get; set; } = new();

    /// <summary>Gets or sets the Sparkplug group id; default <c>edgecompute</c>.</summary>
    public string GroupId { get; set; } = "edgecompute";

    /// <summary>Gets or sets the edge node id; empty for the gateway id.</summary>
    public string EdgeNodeId { get; set; } = string.Empty;
}
