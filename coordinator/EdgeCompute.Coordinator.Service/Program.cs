using EdgeCompute.Coordinator.Service;
using Microsoft.Extensions.Hosting;

// The EdgeCompute coordinator: settings from appsettings.json, EDGECOMPUTE_* environment variables and command-line flags,
// checked at start (a broken one exits 78 naming it); under systemd (Type=notify) it reports readiness and logs to the journal.
var builder = Host.CreateApplicationBuilder(args);
builder.AddCoordinatorServices(args);
using var host = builder.Build();
return await host.RunCoordinatorAsync().ConfigureAwait(false);
