using System.Globalization;
using EdgeCompute.Cli.Hosting;
using EdgeCompute.Cli.Provision;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Domain.Epochs;
using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Coordinator.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Cli.Coordinator;

/// <summary>
/// Runs the coordinator through the service's own wiring (<see cref="CoordinatorServiceExtensions.AddCoordinatorServices"/>):
/// the flags become settings, checked before the host starts by the service's validators (a bad one exits 78), and the host
/// runs until the command is cancelled (Ctrl+C, SIGTERM: exit 0). Start failures name the flag to fix. No appsettings.json
/// is read; <c>EDGECOMPUTE_CoordinatorOptions__*</c> variables may set the settings that have no flag.
/// </summary>
internal static class CoordinatorRun
{
    /// <summary>Checks the request, starts the coordinator host, and runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="request">What to run.</param>
    /// <param name="context">Output and logging.</param>
    /// <param name="cancellationToken">Stops the coordinator (a normal shutdown).</param>
    /// <returns>0 after a normal shutdown.</returns>
    public static async Task<int> RunAsync(CoordinatorRunRequest request, CliContext context, CancellationToken cancellationToken)
    {
        var registry = RegistryFile.ReadRegistry(request.FleetFolder); // a missing or broken fleet names --fleet before anything is made
        using var host = Build(Settings(request, context), context);
        CheckSettings(host);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stop = cancellationToken.Register(lifetime.StopApplication);
        try
        {
            await host.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok; // Ctrl+C or SIGTERM while starting: a normal stop (disposing the host stops what had started)
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Explain(e, request);
        }

        var worker = host.Services.GetRequiredService<CoordinatorWorker>();
        var node = worker.Node!;
        var broker = request.Broker is { } external
            ? $"batches from {external.Url} as {request.BrokerUser}"
            : $"central broker on {request.Listen.Url}{(request.Tls.Ca is null ? "" : " (gateways' client certificates required)")}";
        await context.Out.WriteLineAsync(
            $"Coordinator: {broker}, API on {request.Http.Url}/api, stores {node.Stores.Description}, epochs of {Durations.Format(request.EpochLength)} " +
            $"(now {node.EpochClock.Current.Id}), {registry.Gateways.Count} gateways, {registry.Devices.Count} devices, {registry.Owners.Count} owners. Ctrl+C stops it.").ConfigureAwait(false);
        if (!worker.DepositsOn)
        {
            await context.Out.WriteLineAsync(
                $"POST /api/deposits is off (no --operator-token-file or {CoordinatorServiceOptions.OperatorTokenVariable}); fund owners with 'edgecompute ledger deposit'.").ConfigureAwait(false);
        }

        await host.WaitForShutdownAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    /// <summary>The flags as the service's settings (configuration keys).</summary>
    private static Dictionary<string, string?> Settings(CoordinatorRunRequest request, CliContext context)
    {
        const string S = CoordinatorServiceExtensions.ServiceSection, C = CoordinatorServiceExtensions.CoordinatorSection;
        var invariant = CultureInfo.InvariantCulture;
        var settings = new Dictionary<string, string?>
        {
            [$"{S}:{nameof(CoordinatorServiceOptions.FleetFolder)}"] = request.FleetFolder,
            [$"{S}:{nameof(CoordinatorServiceOptions.HttpAddress)}"] = request.Http.Host,
            [$"{S}:{nameof(CoordinatorServiceOptions.HttpPort)}"] = request.Http.Port.ToString(invariant),
            [$"{S}:{nameof(CoordinatorServiceOptions.OperatorTokenFile)}"] = request.OperatorTokenFile,
            [$"{C}:{nameof(CoordinatorOptions.DataFolder)}"] = request.Store.DataFolder ?? StoreOptions.DefaultDataFolder,
            [$"{C}:{nameof(CoordinatorOptions.PostgresConnectionString)}"] = request.Store.PostgresConnectionString,
            [$"{C}:{nameof(CoordinatorOptions.Epochs)}:{nameof(EpochPolicy.EpochLength)}"] = request.EpochLength.ToString("c", invariant),
            [$"{C}:{nameof(CoordinatorOptions.Epochs)}:{nameof(EpochPolicy.EmissionPerEpoch)}"] = request.Emission.ToString(invariant),
        };
        if (request.Broker is { } external)
        {
            const string X = $"{C}:{nameof(CoordinatorOptions.ExternalBroker)}";
            settings[$"{X}:{nameof(ExternalBrokerOptions.Host)}"] = external.Host;
            settings[$"{X}:{nameof(ExternalBrokerOptions.Port)}"] = external.Port.ToString(invariant);
            settings[$"{X}:{nameof(ExternalBrokerOptions.UserName)}"] = request.BrokerUser;
            settings[$"{X}:{nameof(ExternalBrokerOptions.ClientId)}"] = $"{request.BrokerUser}-{Environment.ProcessId}";
            if (request.BrokerPasswordFile is { } passwordFile)
            {
                settings[$"{S}:{nameof(CoordinatorServiceOptions.BrokerPasswordFile)}"] = passwordFile;
            }
            else
            {
                settings[$"{X}:{nameof(ExternalBrokerOptions.Password)}"] = context.GetEnvironmentVariable(CoordinatorBrokerPassword.EnvironmentVariable) is { Length: > 0 } password
                    ? password
                    : throw CommandFailedException.Usage(
                        $"--broker-password-file: the coordinator's password on --broker is needed: give a file holding it (such as the {CoordinatorBrokerPassword.FileName} " +
                        $"'provision mosquitto' kept in its --out folder) or set {CoordinatorBrokerPassword.EnvironmentVariable}");
            }
        }
        else
        {
            settings[$"{C}:{nameof(CoordinatorOptions.Broker)}:{nameof(CentralBrokerOptions.BindAddress)}"] = request.Listen.Host;
            settings[$"{C}:{nameof(CoordinatorOptions.Broker)}:{nameof(CentralBrokerOptions.Port)}"] = request.Listen.Port.ToString(invariant);
        }

        request.Tls.AddTo(settings, request.Listen, request.Broker, request.Http);
        if (request.OperatorTokenFile is null && context.GetEnvironmentVariable(CoordinatorServiceOptions.OperatorTokenVariable) is { Length: > 0 } token)
        {
            settings[CoordinatorServiceOptions.OperatorTokenVariable[Protocol.Hosting.SettingValueError.EnvironmentPrefix.Length..]] = token;
        }

        return settings;
    }

    private static IHost Build(Dictionary<string, string?> settings, CliContext context)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true, // no appsettings.json from wherever the command runs
            ContentRootPath = Directory.GetCurrentDirectory(),
            ApplicationName = "edgecompute",
        });
        builder.AddCoordinatorServices();
        builder.Configuration.AddInMemoryCollection(settings); // after the environment: the flags win
        context.ConfigureLogging(builder.Logging);
        if (!context.Verbose)
        {
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None); // a start failure is reported once, as the command's error
        }

        builder.Services.AddSingleton<IHostLifetime, SignalFreeLifetime>(); // Ctrl+C and SIGTERM cancel the command, which stops the host
        builder.Services.AddSingleton(context.Time);
        return builder.Build();
    }

    /// <summary>Resolves the settings once, so one that fails validation stops here with its message instead of inside the host.</summary>
    private static void CheckSettings(IHost host)
    {
        try
        {
            _ = host.Services.GetRequiredService<IOptions<CoordinatorServiceOptions>>().Value;
            _ = host.Services.GetRequiredService<IOptions<CoordinatorOptions>>().Value;
        }
        catch (Exception e) when (FailureCause.Of(e) is { Kind: FailureKind.SettingInvalid } cause)
        {
            throw CommandFailedException.Configuration(cause.Reason, e); // a setting that fails validation or does not parse (EDGECOMPUTE_CoordinatorOptions__…=abc)
        }
    }

    /// <summary>A start failure as one line naming the flag that sets what failed.</summary>
    private static CommandFailedException Explain(Exception exception, CoordinatorRunRequest request)
    {
        CoordinatorStartException? start = null;
        for (var e = exception; e is not null && start is null; e = e.InnerException)
        {
            start = e as CoordinatorStartException;
        }

        if (start is null)
        {
            return CommandFailures.Unexplained(exception);
        }

        var cause = start.InnerException;
        var explained = start.Setting switch
        {
            CoordinatorSetting.Broker when cause is not null => CommandFailures.Listening(cause, "--listen", request.Listen.Url, "the central broker"),
            CoordinatorSetting.Http when cause is not null => CommandFailures.Listening(cause, "--http", request.Http.Url, "the API"),
            CoordinatorSetting.DataFolder when cause is not null && request.Store.DataFolder is { } folder =>
                CommandFailures.Folder(cause, "--data", folder, "the coordinator's stores"),
            _ => null,
        };
        if (explained is not null)
        {
            return explained;
        }

        var flag = start.Setting switch
        {
            CoordinatorSetting.FleetFolder => "--fleet",
            CoordinatorSetting.DataFolder => "--data",
            CoordinatorSetting.PostgresConnectionString => "--postgres",
            CoordinatorSetting.Broker => $"--listen {request.Listen.Url}",
            CoordinatorSetting.ExternalBroker => $"--broker {request.Broker?.Url}",
            CoordinatorSetting.Http => $"--http {request.Http.Url}",
            CoordinatorSetting.OperatorTokenFile => "--operator-token-file",
            CoordinatorSetting.BrokerPasswordFile => "--broker-password-file",
            CoordinatorSetting.HttpCertificate => "--tls-cert",
            _ => start.Key,
        };
        var message = $"{flag}: {start.Message}";
        return start.ExitCode == ExitCodes.Configuration
            ? CommandFailedException.Configuration(message, start)
            : CommandFailedException.Failure(message, start);
    }
}
