using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Bridges.HomeAssistant;

/// <summary>Registers the Home Assistant bridge.</summary>
public static class HomeAssistantServiceCollectionExtensions
{
    /// <summary>
    /// Validates <see cref="HomeAssistantOptions"/> at start and registers the <see cref="HomeAssistantBridge"/> as an
    /// <see cref="IGatewayBridge"/> (it runs only when the options enable it). The host binds the options from the
    /// section of that name: <c>services.AddHomeAssistantBridge().BindConfiguration(nameof(HomeAssistantOptions))</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The options builder, to bind.</returns>
    public static OptionsBuilder<HomeAssistantOptions> AddHomeAssistantBridge(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HomeAssistantOptions>, HomeAssistantOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGatewayBridge, HomeAssistantBridge>());
        return services.AddOptions<HomeAssistantOptions>().ValidateOnStart();
    }
}
