using EdgeCompute.Gateway.Sensors;

namespace EdgeCompute.Gateway.Runtime;

/// <summary>The gateway's own sensors and how to sample them, for <see cref="GatewayNode"/>; the node's sampler owns the sensors.</summary>
/// <param name="Sensors">The opened sensors (from <see cref="SensorDriverFactory"/>); none means no sampler.</param>
/// <param name="Options">The sampling interval and window length.</param>
public sealed record GatewaySensorSet(IReadOnlyList<IGatewaySensor> Sensors, SensorOptions Options);
