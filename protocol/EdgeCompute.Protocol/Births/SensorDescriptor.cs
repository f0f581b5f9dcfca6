namespace EdgeCompute.Protocol.Births;

/// <summary>A sensor channel a device reports in its birth: <c>[channel, unit, exponent]</c>.</summary>
/// <param name="Channel">The channel name, <c>[a-z0-9-]{1,16}</c>.</param>
/// <param name="Unit">The SenML unit; may be empty.</param>
/// <param name="Exponent">The decimal exponent of its values.</param>
public sealed record SensorDescriptor(string Channel, string Unit, int Exponent);
