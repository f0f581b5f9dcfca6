namespace EdgeCompute.Gateway.Configuration;

/// <summary>
/// The gateway's data-path settings, bound from the configuration section <c>GatewayOptions</c> and checked at start
/// by <see cref="GatewayOptionsValidator"/>.
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>Gets or sets the path of this gateway's own provisioning file (<c>gateways/{id}.json</c>).</summary>
    public string GatewayFile { get; set; } = "gateway.json";

    /// <summary>Gets or sets the folder for the outbox database and other state (default <c>data</c>).</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Gets or sets the location reported in the gateway birth: 0 to 12 geohash characters (default empty).</summary>
    public string Geohash { get; set; } = string.Empty;

    /// <summary>Gets or sets the device broker settings.</summary>
    public DeviceBrokerOptions DeviceBroker { get; set; } = new();

    /// <summary>Gets or sets the outbox settings.</summary>
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>Gets or sets how batches are cut.</summary>
    public BatchingOptions Batching { get; set; } = new();

    /// <summary>Gets or sets the central broker connection settings.</summary>
    public UplinkOptions Uplink { get; set; } = new();

    /// <summary>Gets or sets the local data store settings (on by default, in <see cref="DataFolder"/>).</summary>
    public LocalDataOptions LocalStore { get; set; } = new();

    /// <summary>Gets or sets the WebAssembly task settings (on by default, one worker per idle core).</summary>
    public WasmOptions Wasm { get; set; } = new();
}
