using System.Net;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Coordinator.Api;
using EdgeCompute.Coordinator.Api.Limits;
using EdgeCompute.Coordinator.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeCompute.Coordinator.Service;

/// <summary>The coordinator's HTTP API (<see cref="CoordinatorApiEndpoints.MapCoordinatorApi"/>) on Kestrel, over a started node's stores, engine and registry.</summary>
public static class CoordinatorApiHost
{
    /// <summary>Builds and starts the web application.</summary>
    /// <param name="node">The started coordinator.</param>
    /// <param name="address">The IP address to listen on.</param>
    /// <param name="port">The port.</param>
    /// <param name="operatorToken">The operator token, or null (deposits through the API off).</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">The surrounding host's loggers, which the API logs to.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="settings">The host's configuration, whose <c>ApiLimitsOptions</c> section (rate limits, body sizes) the API takes; null for the defaults.</param>
    /// <param name="httpsCertificate">The server certificate with its key: the API serves HTTPS only; null for plain HTTP.</param>
    /// <returns>The running application; dispose it to stop.</returns>
    /// <exception cref="CoordinatorStartException">The operator token is unusable (78) or the API cannot listen (1; 78 for an address not of this machine).</exception>
    public static async Task<WebApplication> StartAsync(CoordinatorNode node, IPAddress address, int port, string? operatorToken, TimeProvider time,
        ILoggerFactory loggers, CancellationToken cancellationToken, IConfiguration? settings = null, X509Certificate2? httpsCertificate = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(loggers);
        CoordinatorApiServices services;
        try
        {
            services = new CoordinatorApiServices(node.Registry, node.Work, node.Nodes, node.Stores.Work, node.Stores.Telemetry, node.Stores.Ledger, node.EpochClock,
                time, operatorToken)
            {
                Metrics = node.Metrics,
                LedgerAudits = node.LedgerAuditor,
                LedgerAuditInterval = node.Options.LedgerAuditInterval,
                BrokerIsUp = () => node.IsBrokerUp,
                Blobs = node.Stores.Blobs,
                BlobQuotaBytes = node.Options.Blobs.QuotaBytes,
            };
        }
        catch (ArgumentException e)
        {
            throw new CoordinatorStartException(CoordinatorSetting.OperatorTokenFile, CoordinatorServiceExtensions.ConfigurationErrorExitCode, e.Message, e);
        }

        // reloadOnChange would put a recursive inotify watch on the content root (the working directory), and every SQLite
        // write under it (the stores) would then wake this process once more: the API reads no appsettings.json anyway.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "edgecompute-coordinator",
            ContentRootPath = Directory.GetCurrentDirectory(),
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Configuration.Sources.Clear(); // no appsettings.json or ASPNETCORE_* of its own: the coordinator's settings decide
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings.GetSection(nameof(ApiLimitsOptions)).AsEnumerable()); // checked at start by its validator
        }

        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers); // the surrounding host's providers and filters
        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>(); // signals are the owning host's to handle
        if (httpsCertificate is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves HTTPS out unless asked
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port, listen =>
        {
            if (httpsCertificate is not null)
            {
                listen.UseHttps(httpsCertificate);
            }
        }));
        builder.Services.AddCoordinatorApi(services);
        var app = builder.Build();
        app.UseCoordinatorApi(); // exception handler and rate limiter
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
            var cause = e.InnerException ?? e; // Kestrel's AddressInUseException inside "Failed to bind to address"
            throw new CoordinatorStartException(CoordinatorSetting.Http, StartFailures.ExitCodeOf(cause),
                $"{(httpsCertificate is null ? "http" : "https")}://{address}:{port}: the API cannot listen there ({e.Message}); is another coordinator or web server on that port?", cause);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
