using System.Net;
using EdgeCompute.Cli.Endpoints;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Coordinator.Api;
using EdgeCompute.Coordinator.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>The coordinator's HTTP API (<see cref="CoordinatorApiEndpoints.MapCoordinatorApi"/>) on Kestrel, over a started node's stores, engine and registry.</summary>
internal static class CoordinatorApiHost
{
    /// <summary>Builds and starts the web application; a port in use is a failure (exit 1) naming <c>--http</c>.</summary>
    /// <param name="node">The started coordinator.</param>
    /// <param name="http">Where to listen.</param>
    /// <param name="operatorToken">The operator token, or null (deposits off).</param>
    /// <param name="context">Logging.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running application; dispose it to stop.</returns>
    public static async Task<WebApplication> StartAsync(CoordinatorNode node, Endpoint http, string? operatorToken, CliContext context, CancellationToken cancellationToken)
    {
        CoordinatorApiServices services;
        try
        {
            services = new CoordinatorApiServices(node.Registry, node.Work, node.Nodes, node.Stores.Work, node.Stores.Telemetry, node.Stores.Ledger, node.EpochClock,
                context.Time, operatorToken);
        }
        catch (ArgumentException e)
        {
            throw CommandFailedException.Configuration($"--operator-token-file: {e.Message}");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "edgecompute",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        builder.Configuration.Sources.Clear(); // no appsettings.json or ASPNETCORE_* from wherever the command runs: the arguments decide
        builder.Logging.ClearProviders();
        context.ConfigureLogging(builder.Logging);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None); // a port in use is reported once, as the command's error
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(http.Host), http.Port));
        builder.Services.AddCoordinatorApi(services);
        var app = builder.Build();
        app.UseExceptionHandler();
        app.MapCoordinatorApi();
        EdgeCompute.Coordinator.Dashboard.DashboardEndpoints.MapDashboard(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return app;
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw CommandFailedException.Failure($"--http {http.Url}: the API cannot listen there ({e.Message}); is another coordinator or web server on that port?");
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
