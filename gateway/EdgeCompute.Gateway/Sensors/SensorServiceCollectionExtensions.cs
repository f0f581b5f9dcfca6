using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Sensors;

/// <summary>Registers the gateway's own sensors and their sampler.</summary>
public static class SensorServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="SensorOptions"/> validation (on start), the <see cref="SensorDriverFactory"/> and the
    /// <see cref="GatewayTelemetrySampler"/> as a hosted service. The host binds the options
    /// (<c>services.AddOptions&lt;SensorOptions&gt;().BindConfiguration(nameof(SensorOptions))</c>) and registers the
    /// <see cref="IGatewayTelemetrySink"/> (the outbox).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="gatewayId">Gives the gateway id (from the gateway file).</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddGatewaySensors(this IServiceCollection services, Func<IServiceProvider, string> gatewayId)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(gatewayId);
        services.AddOptions<SensorOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SensorOptions>, SensorOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SensorDriverFactory>();
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<SensorOptions>>();
            return new GatewayTelemetrySampler(
                gatewayId(provider),
                provider.GetRequiredService<SensorDriverFactory>().CreateSensors(options.Value),
                provider.GetRequiredService<IGatewayTelemetrySink>(),
                options,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<GatewayTelemetrySampler>>());
        });
        services.AddHostedService(provider => provider.GetRequiredService<GatewayTelemetrySampler>());
        return services;
    }
}
