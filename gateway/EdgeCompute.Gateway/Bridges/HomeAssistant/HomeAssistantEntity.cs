namespace EdgeCompute.Gateway.Bridges.HomeAssistant;

/// <summary>One announced sensor entity: one channel of one device (or of the gateway's own sensors).</summary>
/// <param name="Source">The device id, or the gateway id for its own sensors.</param>
/// <param name="Channel">The channel name.</param>
/// <param name="Unit">The channel's SenML unit.</param>
/// <param name="Exponent">The channel's decimal exponent (sets the display precision).</param>
public sealed record HomeAssistantEntity(string Source, string Channel, string Unit, int Exponent);
