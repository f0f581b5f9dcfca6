using System.Globalization;
using EdgeCompute.Cli.Fleets;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Service;
using EdgeCompute.Protocol.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Cli.Gateway;

/// <summary>
/// Runs a gateway through the service's own wiring (<see cref="GatewayServiceExtensions.AddGatewayServices"/>): the options are
/// built from the arguments, checked before the host starts (a bad one exits 78 naming it), and the host runs until the command
/// is cancelled (Ctrl+C). No appsettings.json is read; <c>EDGECOMPUTE_GatewayOptions__*</c> variables may set the other settings.
/// </summary>
internal static class GatewayRun
{
    /// <summary>
    /// The parent of the default data folders (<c>./edgecompute-gateway/&lt;id&gt;</c>, relative to the working directory):
    /// never inside the fleet folder, which holds every key and is copied around.
    /// </summary>
    public const string DefaultDataFolder = "edgecompute-gateway";

    /// <summary>Checks the request, then runs the gateway until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="request">What to run.</param>
    /// <param name="context">Output and logging.</param>
    /// <param name="cancellationToken">Stops the gateway (a normal shutdown).</param>
    /// <returns>
    /// 0 after a normal shutdown; 78 for a setting that fails validation or does not parse, an address not of this machine, a data
    /// folder that cannot be written or a damaged outbox; 1 for a port in use or a full disk. Each is one line naming the option.
    /// </returns>
    public static async Task<int> RunAsync(GatewayRunRequest request, CliContext context, CancellationToken cancellationToken)
    {
        var fleet = FleetFolder.Open(request.FleetFolder);
        var gatewayFile = fleet.GatewayFile(request.GatewayId);
        var gateway = fleet.ReadGateway(request.GatewayId, "--id");
        var listenAddress = request.Listen?.Host ?? "127.0.0.1";
        var listenPort = request.Listen?.Port ?? gateway.DeviceBrokerPort;
        var listenTls = request.Listen?.UsesTls == true;
        request.Tls.Check(request.Broker, listenTls, gateway.GatewayId);
        var dataFolder = Path.GetFullPath(request.DataFolder ?? Path.Combine(DefaultDataFolder, gateway.GatewayId));
        try
        {
            Directory.CreateDirectory(dataFolder);
        }
        catch (Exception e) when (CommandFailures.Folder(e, "--data", dataFolder, "the outbox and local store") is { } failure)
        {
            throw failure;
        }

        var settings = new Dictionary<string, string?>
        {
            [$"{nameof(GatewayOptions)}:{nameof(GatewayOptions.GatewayFile)}"] = gatewayFile,
            [$"{nameof(GatewayOptions)}:{nameof(GatewayOptions.DataFolder)}"] = dataFolder,
            [$"{nameof(GatewayOptions)}:{nameof(GatewayOptions.DeviceBroker)}:{nameof(DeviceBrokerOptions.BindAddress)}"] = listenAddress,
            [$"{nameof(GatewayOptions)}:{nameof(GatewayOptions.DeviceBroker)}:{nameof(DeviceBrokerOptions.Port)}"] = listenPort.ToString(CultureInfo.InvariantCulture),
            [$"{nameof(GatewayOptions)}:{nameof(GatewayOptions.Uplink)}:{nameof(UplinkOptions.BrokerUrl)}"] = request.Broker.Url,
        };
        request.Tls.AddTo(settings, listenTls);
        if (string.IsNullOrEmpty(context.GetEnvironmentVariable("EDGECOMPUTE_MonitoringOptions__Enabled")))
        {
            // Several gateways on one machine would contend for the monitoring port: the service turns it on, the command
            // only when EDGECOMPUTE_MonitoringOptions__Enabled=true (and __Port) say so.
            settings["MonitoringOptions:Enabled"] = "false";
        }

        using var host = Build(settings, context);
        CheckSettings(host);
        if (listenPort != gateway.DeviceBrokerPort)
        {
            await context.Error.WriteLineAsync(
                $"warning: --listen port {listenPort} differs from the port in the device files ({gateway.DeviceBrokerPort}); boards configured from this fleet will not find the gateway").ConfigureAwait(false);
        }

        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stop = cancellationToken.Register(lifetime.StopApplication);
        var listenUrl = $"{(listenTls ? "mqtts" : "mqtt")}://{listenAddress}:{listenPort}";
        try
        {
            await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw CommandFailures.Listening(e, "--listen", listenUrl, "the device broker")
                ?? CommandFailures.Folder(e, "--data", dataFolder, "the outbox and local store")
                ?? (e is ProvisioningException ? CommandFailedException.Configuration($"--fleet: {gatewayFile}: {e.Message}", e) : null)
                ?? (e is Protocol.Tls.TlsFileException tls ? CommandFailedException.Configuration($"a certificate file changed since it was checked: {tls.Message}", e) : null)
                ?? CommandFailures.Unexplained(e);
        }

        await context.Out.WriteLineAsync(
            $"Gateway {gateway.GatewayId}: devices connect to {listenUrl}, uplink to {request.Broker.Url}{(request.Tls.ClientCertificate is null ? "" : " with its client certificate")}, data in {dataFolder}. Ctrl+C stops it.").ConfigureAwait(false);
        await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static IHost Build(Dictionary<string, string?> settings, CliContext context)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true, // no appsettings.json from wherever the command runs
            ContentRootPath = Directory.GetCurrentDirectory(),
            ApplicationName = "edgecompute",
        });
        builder.AddGatewayServices();
        builder.Configuration.AddInMemoryCollection(settings); // after the environment: the arguments win
        context.ConfigureLogging(builder.Logging);
        if (!context.Verbose)
        {
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None); // a start failure is reported once, as the command's error
        }

        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        return builder.Build();
    }

    /// <summary>Resolves the options once, so a setting that fails validation stops here with its message instead of inside the host.</summary>
    private static void CheckSettings(IHost host)
    {
        try
        {
            _ = host.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<SensorOptions>>().Value;
        }
        catch (Exception e) when (FailureCause.Of(e) is { Kind: FailureKind.SettingInvalid } cause)
        {
            throw CommandFailedException.Configuration(cause.Reason, e); // a setting that fails validation or does not parse at all (EDGECOMPUTE_GatewayOptions__…=abc)
        }
    }
}
