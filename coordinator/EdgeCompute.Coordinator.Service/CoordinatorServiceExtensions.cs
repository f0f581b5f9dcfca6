using EdgeCompute.Coordinator.Runtime;
using EdgeCompute.Protocol.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Coordinator.Service;

/// <summary>Wires the coordinator service into a host.</summary>
public static class CoordinatorServiceExtensions
{
    /// <summary>The section of <see cref="CoordinatorServiceOptions"/>.</summary>
    public const string ServiceSection = "CoordinatorService";

    /// <summary>The section of <see cref="CoordinatorOptions"/>.</summary>
    public const string CoordinatorSection = nameof(CoordinatorOptions);

    /// <summary>The exit code for a setting that failed validation (78, <c>EX_CONFIG</c>); the systemd unit does not restart on it.</summary>
    public const int ConfigurationErrorExitCode = 78;

    /// <summary>The short command-line flags of the service (any setting can also be given as <c>--Section:Key=value</c>).</summary>
    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--fleet"] = $"{ServiceSection}:{nameof(CoordinatorServiceOptions.FleetFolder)}",
        ["--data"] = $"{CoordinatorSection}:{nameof(CoordinatorOptions.DataFolder)}",
        ["--postgres"] = $"{CoordinatorSection}:{nameof(CoordinatorOptions.PostgresConnectionString)}",
        ["--http-address"] = $"{ServiceSection}:{nameof(CoordinatorServiceOptions.HttpAddress)}",
        ["--http-port"] = $"{ServiceSection}:{nameof(CoordinatorServiceOptions.HttpPort)}",
        ["--operator-token-file"] = $"{ServiceSection}:{nameof(CoordinatorServiceOptions.OperatorTokenFile)}",
        ["--broker-password-file"] = $"{ServiceSection}:{nameof(CoordinatorServiceOptions.BrokerPasswordFile)}",
    };

    /// <summary>
    /// Adds <c>EDGECOMPUTE_*</c> environment variables and then the command-line flags (<paramref name="args"/>, which win) to
    /// the configuration; binds <see cref="CoordinatorServiceOptions"/> (section <c>CoordinatorService</c>) and
    /// <see cref="CoordinatorOptions"/> (section <c>CoordinatorOptions</c>) and validates both at start with
    /// <see cref="IValidateOptions{TOptions}"/> validators (<see cref="CoordinatorServiceOptionsValidator"/>,
    /// <see cref="CoordinatorOptionsValidator"/>): a broken setting stops the host with a message naming it. Adds systemd
    /// integration (readiness notification, journal-friendly console logs) and the <see cref="CoordinatorWorker"/>.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <param name="args">The command line, if any.</param>
    /// <returns>The same builder.</returns>
    public static IHostApplicationBuilder AddCoordinatorServices(this IHostApplicationBuilder builder, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddEnvironmentVariables(SettingValueError.EnvironmentPrefix);
        if (args is { Length: > 0 })
        {
            builder.Configuration.AddCommandLine(args, SwitchMappings.ToDictionary(StringComparer.Ordinal));
        }

        // A start failure is logged once, as one line naming the setting (RunCoordinatorAsync); the host's own copy would add the stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        var services = builder.Services;
        services.AddSystemd();
        if (string.Equals(builder.Configuration["LOG_FORMAT"], "json", StringComparison.OrdinalIgnoreCase))
        {
            // EDGECOMPUTE_LOG_FORMAT=json: one JSON object per line for a log collector, instead of the journal's text lines.
            builder.Logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
            services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.FormatterName = Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Json);
        }

        services.TryAddSingleton(TimeProvider.System);
        var paths = new CoordinatorPaths(builder.Environment.ContentRootPath);
        services.AddSingleton<IPostConfigureOptions<CoordinatorServiceOptions>>(paths);
        services.AddSingleton<IPostConfigureOptions<CoordinatorOptions>>(paths);
        services.AddSingleton<IPostConfigureOptions<CoordinatorOptions>, CoordinatorFirstEpoch>();
        services.AddSingleton<IValidateOptions<CoordinatorServiceOptions>, CoordinatorServiceOptionsValidator>();
        services.AddSingleton<IValidateOptions<CoordinatorOptions>>(new CoordinatorOptionsValidator(CoordinatorSection + ":"));
        services.AddOptions<CoordinatorServiceOptions>().BindConfiguration(ServiceSection).ValidateOnStart();
        services.AddOptions<CoordinatorOptions>().BindConfiguration(CoordinatorSection).ValidateOnStart();
        services.AddSingleton<CoordinatorWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<CoordinatorWorker>());
        return builder;
    }

    /// <summary>
    /// Runs the host until it stops and maps how it ended to the process exit code: 0 for a normal shutdown,
    /// <see cref="ConfigurationErrorExitCode"/> for a setting that does not parse or fails validation, a missing fleet file,
    /// a damaged store or an address not of this machine; 1 when a restart may help (a port held by another process, a full
    /// disk, an unreachable broker). Each is logged as one critical line naming the setting to fix (the stack trace at Debug
    /// level); any other exception is a bug and is rethrown.
    /// </summary>
    /// <param name="host">The built host.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunCoordinatorAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeCompute.Coordinator.Service");
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested)
        {
            return 0; // SIGTERM while starting: a normal stop (disposing the host stops what had started)
        }
        catch (Exception e) when (Describe(e) is { } failure)
        {
            logger.LogCritical("Coordinator could not start: {Failure}", failure.Message);
            logger.LogDebug(e, "The start failed with this exception");
            return failure.ExitCode;
        }

        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    /// <summary>Explains a start failure as one line naming the setting, with its exit code; null for anything else (a bug).</summary>
    /// <param name="exception">What the host's start threw.</param>
    /// <returns>The exit code and the line, or null.</returns>
    public static (int ExitCode, string Message)? Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (SettingValueError.TryFind(exception, out var setting))
        {
            return (ConfigurationErrorExitCode, setting.Describe($"appsettings.json, {setting.EnvironmentVariable} or --{setting.Key}"));
        }

        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case OptionsValidationException validation:
                    return (ConfigurationErrorExitCode, string.Join("; ", validation.Failures));
                case CoordinatorStartException start:
                    return (start.ExitCode, $"{start.Key}: {start.Message}");
            }
        }

        return null;
    }
}
