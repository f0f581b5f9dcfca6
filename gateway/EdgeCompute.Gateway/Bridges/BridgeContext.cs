using Microsoft.Extensions.Logging;

namespace EdgeCompute.Gateway.Bridges;

/// <summary>What a bridge knows of the gateway it runs in.</summary>
/// <param name="GatewayId">The gateway id (from its gateway file).</param>
/// <param name="Devices">The devices attached to this gateway (its fleet), in the gateway file's order.</param>
/// <param name="DataFolder">The gateway's data folder, for a bridge's small state files.</param>
/// <param name="SoftwareVersion">The gateway software's version, for the bridges' device descriptions.</param>
/// <param name="Time">The clock.</param>
/// <param name="LoggerFactory">Creates the bridge's logger.</param>
public sealed record BridgeContext(
    string GatewayId,
    IReadOnlyList<string> Devices,
    string DataFolder,
    string SoftwareVersion,
    TimeProvider Time,
    ILoggerFactory LoggerFactory);
