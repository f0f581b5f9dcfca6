using EdgeCompute.Gateway.Bridges.HomeAssistant;
using EdgeCompute.Gateway.Bridges.Sparkplug;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Sensors;
using EdgeCompute.Gateway.Service.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Service;

/// <summary>Wires the gateway service into a host.</summary>
public static class GatewayServiceExtensions
{
    /// <summary>The prefix of environment variables read as configuration (<c>EDGECOMPUTE_GatewayOptions__DeviceBroker__Port=1884</c>).</summary>
    public const string EnvironmentPrefix = EdgeCompute.Protocol.Hosting.SettingValueError.EnvironmentPrefix;

    /// <summary>The configuration key of the log format (<c>EDGECOMPUTE_LOG_FORMAT=json</c> or <c>LOG_FORMAT</c> in appsettings.json): <c>json</c> or text.</summary>
    public const string LogFormatKey = "LOG_FORMAT";

    /// <summary>The exit code for a setting that failed validation (78, <c>EX_CONFIG</c>); the systemd unit does not restart on it.</summary>
    public const int ConfigurationErrorExitCode = 78;

    /// <summary>
    /// Adds <c>EDGECOMPUTE_*</c> environment variables to the configuration, binds <see cref="GatewayOptions"/> from the
    /// section of that name and validates it at start (a wrong setting stops the host with a message naming it), adds
    /// systemd integration (readiness notification, journal-friendly console logs) and the worker that runs the gateway.
    /// The gateway's own sensors are bound from the section <c>SensorOptions</c> (validated at start; none by default) and
    /// opened by the <see cref="SensorDriverFactory"/>; the local data store and WebAssembly tasks are configured in
    /// <c>GatewayOptions:LocalStore</c> and <c>GatewayOptions:Wasm</c> (both on by default). The bridges (sections
    /// <c>HomeAssistantOptions</c> and <c>SparkplugOptions</c>) are off by default and validated at start.
    /// </summary>
    /// <param name="builder">The host builder.</param>
    /// <returns>The same builder.</returns>
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);

        // A start failure is logged once, as one line naming the setting (RunGatewayAsync); the host's own copy would add the stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        var services = builder.Services;
        services.AddSystemd();
        if (string.Equals(builder.Configuration[LogFormatKey], "json", StringComparison.OrdinalIgnoreCase))
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
        services.AddSingleton<IPostConfigureOptions<GatewayOptions>>(new GatewayPaths(builder.Environment.ContentRootPath));
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayFileValidator>();
        services.AddOptions<GatewayOptions>()
            .BindConfiguration(nameof(GatewayOptions))
            .ValidateOnStart();
        services.AddOptions<SensorOptions>()
            .BindConfiguration(nameof(SensorOptions))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SensorOptions>, SensorOptionsValidator>());
        services.TryAddSingleton<SensorDriverFactory>();

        // Bridges: each off unless its section enables it; one line each.
        services.AddHomeAssistantBridge().BindConfiguration(nameof(HomeAssistantOptions));
        services.AddSparkplugBridge().BindConfiguration(nameof(SparkplugOptions));
        services.AddSingleton<GatewayWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayWorker>());

        // Monitoring (/metrics, /healthz, /readyz on loopback) starts after the node; the watchdog follows liveness only.
        services.AddOptions<MonitoringOptions>()
            .BindConfiguration(nameof(MonitoringOptions))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MonitoringOptions>, MonitoringOptionsValidator>());
        services.AddSingleton<GatewayLiveness>();
        services.AddSingleton<GatewayMonitoringServer>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayMonitoringServer>());
        services.AddHostedService<SystemdWatchdog>();
        return builder;
    }

    /// <summary>
    /// Runs the host until it stops and maps how it ended to the process exit code: 0 for a normal shutdown,
    /// <see cref="ConfigurationErrorExitCode"/> for a setting that does not parse or fails validation, an address that is
    /// not this machine's, a data folder that cannot be written or a damaged outbox; 1 when a restart may help (the device
    /// port held by another process, a full disk). Each is logged as one critical line naming the setting to fix (the
    /// stack trace at Debug level); any other exception is a bug and is rethrown.
    /// </summary>
    /// <param name="host">The built host.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunGatewayAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EdgeCompute.Gateway.Service");
        try
        {
            await host.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (GatewayStartFailure.Describe(e, ReadOptions(host)) is { } failure)
        {
            // One line naming the setting; the stack trace only at Debug level. 78: a restart cannot help; 1: systemd restarts it.
            logger.LogCritical("Gateway could not start: {Failure}", failure.Message);
            logger.LogDebug(e, "The start failed with this exception");
            return failure.ExitCode;
        }

        await host.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }

    private static GatewayOptions? ReadOptions(IHost host)
    {
        try
        {
            return host.Services.GetService<IOptions<GatewayOptions>>()?.Value;
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            return null; // the failure being described is these settings
        }
    }
}
