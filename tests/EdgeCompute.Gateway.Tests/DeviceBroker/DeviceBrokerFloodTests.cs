using System.Net.Sockets;
using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.DeviceBroker;

/// <summary>
/// The device broker cannot be flooded: a packet over <c>MaxPacketBytes</c> (a CONNECT over <c>MaxConnectPacketBytes</c>)
/// closes the connection before it is read, logged in or not, and an address that keeps failing to log in is slowed —
/// while the honest devices carry on. (The guard itself: tests/EdgeCompute.Protocol.Mqtt.Tests.)
/// </summary>
public sealed class DeviceBrokerFloodTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Oversized_packets_close_the_connection_unread_with_or_without_a_login_and_honest_devices_carry_on()
    {
        await using var gateway = new TestGateway(devices: 2);
        var outbox = gateway.OpenOutbox();
        var (broker, ingest) = await gateway.StartBrokerAsync(outbox);
        var port = gateway.Options.DeviceBroker.Port;
        var honest = gateway.File.Devices[0];
        var (client, _) = await DeviceClient.ConnectAsync(port, honest.DeviceId, honest.DeviceId, honest.BrokerCredential);
        using var _c = client;

        // a stranger announces a 256 MB CONNECT; a device with a stolen credential logs in and announces a 250 MB PUBLISH
        var stranger = await SendAsync(port, [0x10, 0xFF, 0xFF, 0xFF, 0x7F]);
        var stolen = gateway.File.Devices[1];
        var insider = await SendAsync(port, [0x30, 0x80, 0xE5, 0x9A, 0x77], Connect(stolen.DeviceId, stolen.BrokerCredential));

        Assert.True(stranger && insider, "the broker kept a connection that announced an oversized packet");
        Assert.Equal(2, broker.Refusals[BrokerRefusal.PacketTooLarge]);
        var (frame, _) = TestFrames.Summary(gateway.KeyOf(0), honest.DeviceId, 1, 1);
        Assert.Equal(MqttClientPublishReasonCode.Success, (await DeviceClient.PublishAsync(client, DeviceClient.Tel(honest.DeviceId), frame)).ReasonCode);
        Assert.Equal(1, ingest.Outcomes[EdgeCompute.Gateway.Ingest.IngestOutcome.Stored]);
    }

    [Fact]
    public async Task An_address_that_keeps_failing_to_log_in_waits_longer_each_time_and_a_right_credential_still_gets_in()
    {
        await using var gateway = new TestGateway(devices: 1);
        gateway.Options.DeviceBroker.LoginFailuresBeforeDelay = 3;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var outbox = gateway.OpenOutbox();
        var (broker, _) = await gateway.StartBrokerAsync(outbox, clock);
        var port = gateway.Options.DeviceBroker.Port;
        var device = gateway.File.Devices[0];
        for (var i = 0; i < 3; i++)
        {
            var (bad, refused) = await DeviceClient.ConnectAsync(port, device.DeviceId, device.DeviceId, new string('0', 64));
            bad.Dispose();
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, refused.ResultCode);
        }

        // the fourth attempt waits (1 s of the broker's clock) before its credential is even looked at
        var fourth = DeviceClient.ConnectAsync(port, device.DeviceId, device.DeviceId, new string('0', 64));
        await Eventually.TrueAsync(() => broker.Logins.Slowed == 1, "the fourth attempt made to wait");
        Assert.False(fourth.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var (c4, r4) = await fourth;
        c4.Dispose();

        // the right credential from the same address waits its turn too (2 s now), then gets in and clears the address
        var right = DeviceClient.ConnectAsync(port, device.DeviceId, device.DeviceId, device.BrokerCredential);
        await Eventually.TrueAsync(() => broker.Logins.Slowed == 2, "the fifth attempt made to wait");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(right.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        var (c5, r5) = await right;
        using var _c5 = c5;

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, r4.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.Success, r5.ResultCode);
        Assert.Equal(TimeSpan.Zero, broker.Logins.DelayFor(System.Net.IPAddress.Loopback));
        Assert.Equal(4, broker.Refusals[BrokerRefusal.BadCredential]);
        Assert.Equal(2, broker.Refusals[BrokerRefusal.LoginSlowed]);
    }

    private static byte[] Connect(string deviceId, string credential)
    {
        static byte[] Text(string s) => [(byte)(s.Length >> 8), (byte)s.Length, .. System.Text.Encoding.UTF8.GetBytes(s)];
        byte[] body = [0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 0xC2, 0, 60, .. Text(deviceId), .. Text(deviceId), .. Text(credential)];
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
