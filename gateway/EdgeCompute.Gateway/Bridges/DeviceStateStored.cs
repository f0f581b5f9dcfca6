namespace EdgeCompute.Gateway.Bridges;

/// <summary>A device's <c>online</c>/<c>offline</c> state newly stored (its own publish or its will).</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Online">Whether it said <c>online</c>.</param>
public sealed record DeviceStateStored(string DeviceId, bool Online) : BridgeEvent;
