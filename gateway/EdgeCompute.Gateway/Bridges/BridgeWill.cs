namespace EdgeCompute.Gateway.Bridges;

/// <summary>The MQTT will a bridge registers when it connects.</summary>
/// <param name="Topic">The will's topic.</param>
/// <param name="Payload">The will's payload.</param>
/// <param name="Retain">Whether the broker retains it.</param>
/// <param name="AtLeastOnce">QoS 1 when true, else QoS 0.</param>
public sealed record BridgeWill(string Topic, ReadOnlyMemory<byte> Payload, bool Retain, bool AtLeastOnce);
