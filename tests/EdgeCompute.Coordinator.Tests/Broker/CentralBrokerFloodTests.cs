using System.Net.Sockets;
using EdgeCompute.Coordinator.Broker;
using EdgeCompute.Coordinator.Tests.Ingest;
using MQTTnet;

namespace EdgeCompute.Coordinator.Tests.Broker;

/// <summary>
/// The central broker cannot be flooded: a packet over <c>MaxPacketBytes</c> (a CONNECT over <c>MaxConnectPacketBytes</c>)
/// closes the connection before it is read, logged in or not, and repeated failed logins from one address are slowed,
/// while honest gateways' batches go on being stored. (The guard itself: tests/EdgeCompute.Protocol.Mqtt.Tests.)
/// </summary>
public sealed class CentralBrokerFloodTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Oversized_packets_close_the_connection_unread_and_honest_batches_are_still_stored()
    {
        await using var world = await BrokerWorld.StartAsync();
        var honest = await world.ConnectGatewayAsync(0);
        var insider = world.Ingest.Fleet.Gateways[1]; // its broker password leaked

        var stranger = await SendAsync(world.Port, [0x10, 0xFF, 0xFF, 0xFF, 0x7F]);
        var loggedIn = await SendAsync(world.Port, [0x30, 0x80, 0xE5, 0x9A, 0x77], Connect(insider.GatewayId, insider.BrokerPassword));
        var gatewayId = world.Ingest.GatewayId(0);
        var published = await BrokerWorld.PublishAsync(honest, IngestWorld.Up(gatewayId), world.Ingest.Seal(gatewayId, 1, 1, []));

        Assert.True(stranger && loggedIn, "the broker kept a connection that announced an oversized packet");
        Assert.Equal(2, world.Broker.Refusals(BrokerRefusal.PacketTooLarge));
        Assert.Equal(MqttClientPublishReasonCode.Success, published.ReasonCode);
        await BrokerWorld.WaitUntilAsync(() => world.Broker.AcksPublished == 1, "the honest batch acknowledged");
    }

    [Fact]
    public async Task Repeated_failed_logins_from_one_address_are_slowed()
    {
        await using var world = await BrokerWorld.StartAsync();
        var gateway = world.Ingest.Fleet.Gateways[0];
        for (var i = 0; i < 5; i++)
        {
            var (_, free) = await world.ConnectAsync(gateway.GatewayId, gateway.GatewayId, "wrong-password");
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, free.ResultCode);
        }

        var (_, slowed) = await world.ConnectAsync(gateway.GatewayId, gateway.GatewayId, "wrong-password");

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, slowed.ResultCode);
        Assert.Equal(1, world.Broker.Logins.Slowed);
        Assert.Equal(1, world.Broker.Refusals(BrokerRefusal.LoginSlowed));
        Assert.Equal(6, world.Broker.Refusals(BrokerRefusal.BadCredentials));
    }

    private static byte[] Connect(string gatewayId, string password)
    {
        static byte[] Text(string s) => [(byte)(s.Length >> 8), (byte)s.Length, .. System.Text.Encoding.UTF8.GetBytes(s)];
        byte[] body = [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0xC2, 0, 60, .. Text(gatewayId), .. Text(gatewayId), .. Text(password)];
        return [0x10, (byte)body.Length, .. body];
    }

    /// <summary>Connects, sends <paramref name="login"/> (expecting an accepting CONNACK) then <paramref name="header"/> and 4 MB of junk; true when the broker closed the connection.</summary>
    private static async Task<bool> SendAsync(int port, byte[] header, byte[]? login = null)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port, Ct);
        if (login is not null)
        {
            await socket.SendAsync(login, SocketFlags.None, Ct);
            var connack = new byte[4];
            Assert.Equal(4, await socket.ReceiveAsync(connack, SocketFlags.None, Ct));
            Assert.Equal(0, connack[3]);
        }

        await socket.SendAsync(header, SocketFlags.None, Ct);
        try
        {
            var junk = new byte[64 * 1024];
            for (var i = 0; i < 64; i++)
            {
                await socket.SendAsync(junk, SocketFlags.None, Ct);
            }
        }
        catch (SocketException)
        {
            return true; // reset by the broker
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            return await socket.ReceiveAsync(new byte[16], SocketFlags.None, limit.Token) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
