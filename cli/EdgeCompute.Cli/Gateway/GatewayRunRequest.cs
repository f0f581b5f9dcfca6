using EdgeCompute.Cli.Endpoints;

namespace EdgeCompute.Cli.Gateway;

/// <summary>What <c>edgecompute gateway</c> was asked to run.</summary>
/// <param name="FleetFolder">The fleet folder.</param>
/// <param name="GatewayId">The gateway id.</param>
/// <param name="Broker">The central broker.</param>
/// <param name="Listen">Where the device broker listens; the gateway file's port on loopback when null.</param>
/// <param name="DataFolder">The data folder; <c>./edgecompute-gateway/{id}</c> when null.</param>
/// <param name="Tls">The certificate files given.</param>
internal sealed record GatewayRunRequest(string FleetFolder, string GatewayId, Endpoint Broker, Endpoint? Listen, string? DataFolder, GatewayTlsFiles Tls);
