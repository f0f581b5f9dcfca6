using EdgeCompute.Cli.Endpoints;

namespace EdgeCompute.Cli.Tests.Commandline;

public sealed class EndpointTests
{
    [Theory]
    [InlineData("mqtt://127.0.0.1:1999", "mqtt", "127.0.0.1", 1999)]
    [InlineData("mqtt://broker.example", "mqtt", "broker.example", 1883)]
    [InlineData("mqtts://broker.example", "mqtts", "broker.example", 8883)]
    [InlineData("MQTT://Broker.Example:1883/", "mqtt", "broker.example", 1883)]
    [InlineData("mqtt://[::1]:1883", "mqtt", "::1", 1883)]
    public void Parses_broker_addresses_with_the_scheme_default_port(string text, string scheme, string host, int port)
    {
        Assert.True(Endpoint.TryParse(text, EndpointRule.CentralBroker, out var endpoint, out var problem), problem);

        Assert.Equal(new Endpoint(scheme, host, port), endpoint);
    }

    [Fact]
    public void Device_brokers_default_to_1884_and_http_to_8080()
    {
        Assert.True(Endpoint.TryParse("mqtt://pi.local", EndpointRule.DeviceBroker, out var device, out _));
        Assert.True(Endpoint.TryParse("http://coordinator", EndpointRule.CoordinatorHttp, out var http, out _));

        Assert.Equal(1884, device.Port);
        Assert.False(device.UsesTls);
        Assert.Equal("http://coordinator:8080", http.Url);
    }

    [Fact]
    public void A_device_brokers_tls_listener_defaults_to_8884()
    {
        Assert.True(Endpoint.TryParse("mqtts://pi.local", EndpointRule.DeviceBroker, out var device, out _));
        Assert.True(Endpoint.TryParse("mqtts://0.0.0.0", EndpointRule.DeviceBrokerListen, out var listen, out _));

        Assert.Equal(8884, device.Port);
        Assert.True(device.UsesTls);
        Assert.Equal("mqtts://0.0.0.0:8884", listen.Url);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("localhost:1883", "is not a URL")]
    [InlineData("127.0.0.1", "is not a URL")]
    [InlineData("http://localhost:1883", "scheme http://")]
    [InlineData("mqtt://localhost:99999", "has port 99999; a port is 1 to 65535")]
    [InlineData("mqtt://localhost:0", "port 0")]
    [InlineData("mqtt://localhost:1883/topic", "path")]
    [InlineData("mqtt://gw:secret@localhost:1883", "credentials")]
    public void Refuses_malformed_addresses_with_a_reason(string text, string reason)
    {
        Assert.False(Endpoint.TryParse(text, EndpointRule.CentralBroker, out _, out var problem));

        Assert.Contains(reason, problem, StringComparison.Ordinal);
        Assert.Contains("mqtt://", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_listen_address_must_be_an_ip_address()
    {
        Assert.False(Endpoint.TryParse("mqtt://raspberrypi:1884", EndpointRule.DeviceBrokerListen, out _, out var problem));
        Assert.True(Endpoint.TryParse("mqtt://0.0.0.0:1884", EndpointRule.DeviceBrokerListen, out _, out _));

        Assert.Contains("IP address", problem, StringComparison.Ordinal);
    }
}
