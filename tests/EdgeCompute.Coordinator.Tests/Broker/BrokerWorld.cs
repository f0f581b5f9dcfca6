using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Storage.Telemetry;
using EdgeCompute.Coordinator.Tests.Ingest;
using EdgeCompute.Protocol.Tls;
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

    public static async Task<BrokerWorld> StartAsync(Func<ITelemetryStore, ITelemetryStore>? wrapStore = null, Func<IngestWorld, CentralBrokerTlsOptions>? tls = null)
    {
        var ingest = await IngestWorld.CreateAsync(wrapStore: wrapStore);
        var port = FreePort();
        var options = new CentralBrokerOptions { BindAddress = "127.0.0.1", Port = port, Tls = tls?.Invoke(ingest) ?? new() };
        var broker = new CentralBrokerServer(options, ingest.Registry, ingest.Ingestor);
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

    /// <summary>Connects over TLS as the gateway uplink does: the server's certificate checked by <paramref name="check"/>, the client certificate given, if any.</summary>
    public async Task<(IMqttClient Client, MqttClientConnectResult Result)> ConnectTlsAsync(string gatewayId, string password, ServerCertificateCheck check,
        X509Certificate2? clientCertificate)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        _clients.Add(client);
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithClientId(gatewayId).WithCredentials(gatewayId, password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(10))
            .WithTlsOptions(o =>
            {
                o.UseTls().WithTargetHost(check.Host).WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13).WithRevocationMode(X509RevocationMode.NoCheck)
                    .WithCertificateValidationHandler(e => check.Validate(null, e.Certificate, e.Chain, e.SslPolicyErrors));
                if (clientCertificate is not null)
                {
                    o.WithClientCertificates([clientCertificate]);
                }
            })
            .Build();
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
