using System.Buffers;
using System.Collections.Concurrent;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Integration.Tests.Harness;

/// <summary>
/// A listener on the network's Mosquitto that sees every batch the gateways publish: the coordinator's own user (which
/// may read every <c>up</c>) on a plain, not shared, subscription to <c>ec/v1/g/+/up</c>, so it takes nothing from the
/// coordinator's shared group. It records each message's gateway, boot and seq in arrival order — sends and resends
/// alike — without checking signatures.
/// </summary>
internal sealed class UplinkTap : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<(string Gateway, uint Boot, ulong Seq)> _received = new();

    private UplinkTap()
    {
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var decoded = GatewayBatchCodec.Decode(e.ApplicationMessage.Payload.ToArray());
            if (decoded.TryGetValue(out var batch))
            {
                _received.Enqueue((batch.GatewayId, batch.Boot, batch.Seq));
            }

            return Task.CompletedTask;
        };
    }

    /// <summary>How many <c>up</c> messages arrived so far.</summary>
    public int Count => _received.Count;

    /// <summary>Every <c>up</c> message so far, in arrival order.</summary>
    public IReadOnlyList<(string Gateway, uint Boot, ulong Seq)> Received => [.. _received];

    /// <summary>Connects as the coordinator's user with a client id of its own and subscribes (QoS 1).</summary>
    public static async Task<UplinkTap> StartAsync(PrivateMosquitto broker)
    {
        var tap = new UplinkTap();
        var password = (await File.ReadAllTextAsync(broker.CoordinatorPasswordFile, TestContext.Current.CancellationToken)).TrimEnd('\r', '\n');
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("it-uplink-tap-" + Guid.NewGuid().ToString("N")[..8])
            .WithCredentials("coordinator", password).WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(20)).Build();
        var connected = await tap._client.ConnectAsync(options, TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        var subscribed = await tap._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(ProtocolTopics.GatewayFilter(GatewayTopicKind.Up), MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(subscribed.Items).ResultCode);
        TestLog.Line($"[uplink tap] subscribed to {ProtocolTopics.GatewayFilter(GatewayTopicKind.Up)} on 127.0.0.1:{broker.Port}");
        return tap;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // the broker is gone already
            }
        }

        _client.Dispose();
    }
}
