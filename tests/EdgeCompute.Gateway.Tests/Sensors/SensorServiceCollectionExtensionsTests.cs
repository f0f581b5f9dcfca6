using EdgeCompute.Gateway.Sensors;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeCompute.Gateway.Tests.Sensors;

public sealed class SensorServiceCollectionExtensionsTests
{
    [Fact]
    public void Registers_the_validator_the_factory_and_the_sampler_as_a_hosted_service()
    {
        var services = new ServiceCollection().AddGatewaySensors(_ => "gw-01");

        Assert.Contains(services, d => d.ServiceType == typeof(IValidateOptions<SensorOptions>) && d.ImplementationType == typeof(SensorOptionsValidator));
        Assert.Contains(services, d => d.ServiceType == typeof(SensorDriverFactory));
        Assert.Contains(services, d => d.ServiceType == typeof(GatewayTelemetrySampler));
        Assert.Single(services, d => d.ServiceType == typeof(IHostedService));
    }
}
