using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Protocol.Mqtt.Guard;
using EdgeCompute.Protocol.Tls;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Server;

namespace EdgeCompute.Protocol.Mqtt.Tests.Guard;

/// <summary>The guarded listener with TLS: a client of the fleet CA is served, a plain client is refused and counted, and the packet guard reads the decrypted bytes.</summary>
public sealed class TlsGuardedListenerTests : IAsyncLifetime
{
    private readonly FleetCertificateAuthority _ca = FleetCertificateAuthority.Create("test CA", CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 2));
    private readonly List<TlsRefusal> _tlsRefusals = [];
    private readonly List<GuardRefusal> _guardRefusals = [];
    private IssuedCertificate? _server;
    private GuardedTcpServerAdapter? _listener;
    private MqttServer? _broker;

    private int Port => _listener!.LocalEndPoint!.Port;

    public async ValueTask InitializeAsync()
    {
        _server = _ca.IssueServer(["127.0.0.1"], CertificateLifetime.FromNow(DateTimeOffset.UtcNow, 1));
        var handshake = new TlsServerHandshake(new TlsServerOptions { Certificate = _server.WithKey() });
        _listener = new GuardedTcpServerAdapter(new IPEndPoint(IPAddress.Loopback, 0), new BrokerGuardOptions(), tls: handshake);
        _listener.TlsRefused += r => { lock (_tlsRefusals) _tlsRefusals.Add(r); };
        _listener.ConnectionRefused += r => { lock (_guardRefusals) _guardRefusals.Add(r); };
        _broker = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().Build(), [_listener]);
        await _broker.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_broker is { } broker)
        {
            await broker.StopAsync();
            broker.Dispose();
        }

        _server?.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public async Task A_client_trusting_the_fleet_ca_connects_and_publishes()
    {
        var check = new ServerCertificateCheck("127.0.0.1", Port, [_ca.Certificate]);
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithClientId("c1").WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTlsOptions(o => o.UseTls().WithCertificateValidationHandler(e => check.Validate(null, e.Certificate, e.Chain, e.SslPolicyErrors))).Build();

        var connected = await client.ConnectAsync(options, TestContext.Current.CancellationToken);
        var published = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("t").WithPayload(new byte[1000]).Build(), TestContext.Current.CancellationToken);

        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        Assert.True(published.IsSuccess);
        Assert.True(_listener!.UsesTls);
        Assert.Empty(_tlsRefusals);
    }

    [Fact]
    public async Task A_plain_client_is_refused_and_counted()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Port, TestContext.Current.CancellationToken);
        await socket.SendAsync(RawMqtt.Connect("plain"), TestContext.Current.CancellationToken);

        Assert.True(await RawMqtt.ClosedByServerAsync(socket, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken));
        await WaitAsync(() => _tlsRefusals.Count == 1);
        Assert.Equal(TlsRefusalReason.NotTls, _tlsRefusals[0].Reason);
    }

    [Fact]
    public async Task An_oversized_connect_inside_tls_is_cut_off_unread()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Port, TestContext.Current.CancellationToken);
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), false, (_, _, _, _) => true);
        await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "127.0.0.1", EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 }, TestContext.Current.CancellationToken);

        await ssl.WriteAsync(RawMqtt.ConnectHeader(256 << 20), TestContext.Current.CancellationToken);
        await ssl.FlushAsync(TestContext.Current.CancellationToken);

        await WaitAsync(() => _guardRefusals.Count == 1);
        Assert.Equal(GuardRefusal.ConnectTooLarge, _guardRefusals[0]);
        Assert.Empty(_tlsRefusals);
        var read = 0;
        try
        {
            read = await ssl.ReadAsync(new byte[16], TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        }
        catch (IOException)
        {
            // a reset is a close too
        }

        Assert.Equal(0, read);
    }

    private async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            lock (_tlsRefusals)
            lock (_guardRefusals)
            {
                if (condition()) return;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
