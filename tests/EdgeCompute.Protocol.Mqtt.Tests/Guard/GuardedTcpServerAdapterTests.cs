using System.Net;
using System.Net.Sockets;
using EdgeCompute.Protocol.Mqtt.Guard;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeCompute.Protocol.Mqtt.Tests.Guard;

/// <summary>
/// An MQTTnet server behind the guard: clients that announce packets over the limits are cut off before MQTTnet reads
/// (or allocates) the packet, logged in or not; a silent connection is closed; honest clients carry on.
/// </summary>
public sealed class GuardedTcpServerAdapterTests : IAsyncLifetime
{
    private const string User = "dev-0001";
    private const string Password = "secret-credential";
    private readonly BrokerGuardOptions _guard = new() { MaxPacketBytes = 8192, MaxConnectPacketBytes = 1024, ConnectTimeout = TimeSpan.FromMilliseconds(500) };
    private GuardedTcpServerAdapter _listener = null!;
    private MqttServer _server = null!;
    private long _published;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _listener = new GuardedTcpServerAdapter(new IPEndPoint(IPAddress.Loopback, 0), _guard);
        var options = new MqttServerOptionsBuilder().WithDefaultEndpoint().WithDefaultCommunicationTimeout(_guard.ConnectTimeout).Build();
        _server = new MqttServerFactory().CreateMqttServer(options, [_listener]);
        _server.ValidatingConnectionAsync += e =>
        {
            e.ReasonCode = e.UserName == User && e.Password == Password ? MqttConnectReasonCode.Success : MqttConnectReasonCode.BadUserNameOrPassword;
            return Task.CompletedTask;
        };
        _server.InterceptingPublishAsync += _ =>
        {
            Interlocked.Increment(ref _published);
            return Task.CompletedTask;
        };
        await _server.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }

    [Fact]
    public async Task An_honest_client_publishes_up_to_the_limit()
    {
        using var client = await HonestClientAsync();

        var result = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("ec/v1/d/dev-0001/tel").WithPayload(new byte[6000])
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Ct);

        Assert.Equal(MqttClientPublishReasonCode.NoMatchingSubscribers, result.ReasonCode);
        Assert.Equal(0, _listener.Refused(GuardRefusal.PacketTooLarge));
    }

    [Fact]
    public async Task Oversized_connects_and_publishes_are_cut_off_unread_and_memory_stays_bounded_while_an_honest_client_carries_on()
    {
        using var honest = await HonestClientAsync();
        var before = GC.GetTotalAllocatedBytes(precise: true);

        // four clients with no credentials announce 256 MB CONNECTs; one logged-in client announces a 250 MB PUBLISH; each then streams 16 MB
        var attacks = Enumerable.Range(0, 4).Select(_ => AttackAsync(RawMqtt.ConnectHeader(268_435_455), login: false))
            .Append(AttackAsync(RawMqtt.PublishHeader(250_000_000), login: true)).ToArray();
        var outcomes = await Task.WhenAll(attacks);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        var after = await honest.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("ec/v1/d/dev-0001/tel").WithPayload(new byte[100])
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"allocated {allocated:N0} bytes in this process during 5 attacks announcing 1.3 GB; streamed before the cut: " +
            string.Join(", ", outcomes.Select(o => $"{o.Streamed:N0}")));
        Assert.All(outcomes, o => Assert.True(o.Closed, "the server kept the connection"));
        Assert.Equal(4, _listener.Refused(GuardRefusal.ConnectTooLarge));
        Assert.Equal(1, _listener.Refused(GuardRefusal.PacketTooLarge));
        Assert.True(allocated < 64L << 20, $"{allocated:N0} bytes allocated: the announced sizes were buffered");
        Assert.Equal(MqttClientPublishReasonCode.NoMatchingSubscribers, after.ReasonCode);
    }

    [Fact]
    public async Task A_connection_that_sends_no_connect_is_closed()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(_listener.LocalEndPoint!, Ct);

        Assert.True(await RawMqtt.ClosedByServerAsync(silent, TimeSpan.FromSeconds(30), Ct), "a connection without CONNECT stayed open");
    }

    private async Task<IMqttClient> HonestClientAsync()
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var connected = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _listener.LocalEndPoint!.Port).WithClientId(User)
            .WithCredentials(User, Password).WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(20)).Build(), Ct);
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        return client;
    }

    private async Task<(bool Closed, long Streamed)> AttackAsync(byte[] header, bool login)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(_listener.LocalEndPoint!, Ct);
        if (login)
        {
            await socket.SendAsync(RawMqtt.Connect($"attacker-{Guid.NewGuid():N}"[..20], User, Password), SocketFlags.None, Ct);
            var connack = new byte[4];
            Assert.Equal(4, await socket.ReceiveAsync(connack, SocketFlags.None, Ct));
            Assert.Equal((byte)0x20, connack[0]);
            Assert.Equal(0, connack[3]); // accepted: the attacker holds a credential
        }

        await socket.SendAsync(header, SocketFlags.None, Ct);
        var streamed = await RawMqtt.StreamJunkAsync(socket, 16L << 20, Ct);
        return (await RawMqtt.ClosedByServerAsync(socket, TimeSpan.FromSeconds(30), Ct), streamed);
    }
}
