namespace EdgeCompute.Gateway.Sensors;

/// <summary>One channel of a gateway sensor, as it appears in the window summaries.</summary>
/// <param name="Name">The channel name, <c>[a-z0-9-]{1,16}</c>, unique among the gateway's sensors.</param>
/// <param name="Unit">The SenML unit (<c>Cel</c>, <c>%RH</c>, <c>hPa</c>).</param>
/// <param name="Exponent">The decimal exponent of the channel's mantissas (-2: hundredths).</param>
public sealed record SensorChannel(string Name, string Unit, int Exponent);
