using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Tests.Ingest;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Coordinator.Tests.Broker;

/// <summary>An <see cref="IngestWorld"/> behind a started <see cref="CentralBrokerServer"/> on a free loopback port, plus MQTT 5 gateway clients.</summary>
internal sealed class BrokerWorld : IAsyncDisposable
{
    private readonly List<IMqttClient> _clients = [];

    private BrokerWorld(IngestWorld ingest, CentralBrokerServer broker, int port)
    {
        Ingest = ingest;
        Broker = broker;
        Port = port;
    }

    public IngestWorld Ingest { get; }
    public CentralBrokerServer Broker { get; }
    public int Port { get; }

    public static async Task<BrokerWorld> StartAsync(Func<ITelemetryStore, ITelemetryStore>? wrapStore = null)
    {
        var ingest = await IngestWorld.CreateAsync(wrapStore: wrapStore);
        var port = FreePort();
        var broker = new CentralBrokerServer(new CentralBrokerOptions { BindAddress = "127.0.0.1", Port = port }, ingest.Registry, ingest.Ingestor);
        await broker.StartAsync();
        return new BrokerWorld(ingest, broker, port);
    }

    public async Task<(IMqttClient Client, MqttClientConnectResult Result)> ConnectAsync(string clientId, string userName, string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        _clients.Add(client);
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithClientId(clientId).WithCredentials(userName, password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(10)).Build();
        var result = await client.ConnectAsync(options, TestContext.Current.CancellationToken);
        return (client, result);
    }

    public async Task<IMqttClient> ConnectGatewayAsync(int index)
    {
        var file = Ingest.Fleet.Gateways[index];
        var (client, result) = await ConnectAsync(file.GatewayId, file.GatewayId, file.BrokerPassword);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    /// <summary>Collects every message the client receives.</summary>
    public static ConcurrentQueue<(string Topic, byte[] Payload)> Collect(IMqttClient client)
    {
        var received = new ConcurrentQueue<(string, byte[])>();
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray()));
            return Task.CompletedTask;
        };
        return received;
    }

    public static Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, byte[] payload, bool retain = false) =>
        client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain).Build(), TestContext.Current.CancellationToken);

    /// <summary>Waits (generous timeout, no fixed sleep as synchronisation) until a condition holds.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            Assert.False(timeout.IsCancellationRequested, $"timed out waiting for {what}");
            await Task.Delay(10, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Broker.DisposeAsync();
        await Ingest.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
