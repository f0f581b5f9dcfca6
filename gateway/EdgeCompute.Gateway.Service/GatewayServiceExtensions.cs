using EdgeCompute.Gateway.Bridges.HomeAssistant;
using EdgeCompute.Gateway.Bridges.Sparkplug;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Sensors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Service;

/// <summary>Wires the gateway service into a host.</summary>
public static class GatewayServiceExtensions
{
    /// <summary>The prefix of environment variables read as configuration (<c>EDGECOMPUTE_GatewayOptions__DeviceBroker__Port=1884</c>).</summary>
    public const string EnvironmentPrefix = "EDGECOMPUTE_";

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
        var services = builder.Services;
        services.AddSystemd();
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
        services.AddHostedService<GatewayWorker>();
        return builder;
    }

    /// <summary>
    /// Runs the host until it stops and maps how it ended to the process exit code: 0 for a normal shutdown,
    /// <see cref="ConfigurationErrorExitCode"/> for a setting that failed validation, 1 when the gateway could not start
    /// (port in use, data folder not writable). Each failure is already logged, naming what to fix.
    /// </summary>
    /// <param name="host">The built host.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunGatewayAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException)
        {
            return ConfigurationErrorExitCode; // a restart cannot help
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            return 1; // systemd restarts the service
        }
    }
}
