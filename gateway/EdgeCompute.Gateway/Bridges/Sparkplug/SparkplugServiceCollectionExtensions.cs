using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Bridges.Sparkplug;

/// <summary>Registers the Sparkplug B edge node.</summary>
public static class SparkplugServiceCollectionExtensions
{
    /// <summary>
    /// Validates <see cref="SparkplugOptions"/> at start and registers the <see cref="SparkplugBridge"/> as an
    /// <see cref="IGatewayBridge"/> (it runs only when the options enable it). The host binds the options from the
    /// section of that name: <c>services.AddSparkplugBridge().BindConfiguration(nameof(SparkplugOptions))</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The options builder, to bind.</returns>
    public static OptionsBuilder<SparkplugOptions> AddSparkplugBridge(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SparkplugOptions>, SparkplugOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayBridge, SparkplugBridge>());
        return services.AddOptions<SparkplugOptions>().ValidateOnStart();
    }
}
