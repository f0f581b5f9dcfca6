using System.Collections.Concurrent;
using System.Net;
using MQTTnet.Server;

namespace EdgeCompute.Cli.Tests.Support;

/// <summary>
/// An in-process MQTTnet broker on a free loopback port in the coordinator broker's place: it accepts every client and
/// counts the messages published per topic. It answers nothing (no acks), which the gateway survives by resending.
/// </summary>
internal sealed class CentralBrokerStandIn : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly ConcurrentDictionary<string, int> _published = new(StringComparer.Ordinal);

    private CentralBrokerStandIn(MqttServer server, int port)
    {
        _server = server;
        Port = port;
        _server.InterceptingPublishAsync += e =>
        {
            _published.AddOrUpdate(e.ApplicationMessage.Topic, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        };
    }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    public static async Task<CentralBrokerStandIn> StartAsync()
    {
        var port = FreePort.Next();
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(port)
            .Build();
        var broker = new CentralBrokerStandIn(new MqttServerFactory().CreateMqttServer(options), port);
        await broker._server.StartAsync();
        return broker;
    }

    public int Published(string topic) => _published.TryGetValue(topic, out var count) ? count : 0;

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
