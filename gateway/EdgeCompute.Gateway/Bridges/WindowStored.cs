using EdgeCompute.Protocol.Telemetry;

namespace EdgeCompute.Gateway.Bridges;

/// <summary>A window summary newly stored: a device's (frame of type 1) or the gateway's own sensors'.</summary>
/// <param name="Summary">The window; its source id is the device or the gateway.</param>
/// <param name="Boot">The device's boot counter from the frame; null for the gateway's own window.</param>
/// <param name="Seq">The device's frame sequence number; null for the gateway's own window.</param>
public sealed record WindowStored(WindowSummary Summary, uint? Boot, uint? Seq) : BridgeEvent;
