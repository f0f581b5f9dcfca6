using EdgeCompute.Gateway.Service;
using Microsoft.Extensions.Hosting;

// The EdgeCompute gateway on a Raspberry Pi: settings from appsettings.json and EDGECOMPUTE_* environment variables,
// checked at start; under systemd (Type=notify) it reports readiness and logs to the journal.
var builder = Host.CreateApplicationBuilder(args);
builder.AddGatewayServices();
using var host = builder.Build();
return await host.RunGatewayAsync().ConfigureAwait(false);
