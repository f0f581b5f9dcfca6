using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Tests.Bridges;

/// <summary>A plain MQTT client on the bridge's broker that records every message of its subscriptions, in arrival order.</summary>
internal sealed class MqttRecorder : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly ConcurrentQueue<RecordedMessage> _messages = new();

    private MqttRecorder(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _messages.Enqueue(new RecordedMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<RecordedMessage> Messages => [.. _messages];

    public static async Task<MqttRecorder> StartAsync(BridgeBroker broker, params string[] filters)
    {
        var recorder = new MqttRecorder(new MqttClientFactory().CreateMqttClient());
        await recorder._client.ConnectAsync(
            new MqttClientOptionsBuilder()
                .WithTcpServer(broker.Host, broker.Port)
                .WithClientId("ec-test-recorder-" + Guid.NewGuid().ToString("N")[..8])
                .WithCredentials(broker.User, File.ReadAllText(broker.PasswordFile).Trim())
                .WithProtocolVersion(MqttProtocolVersion.V311)
                .Build(),
            TestContext.Current.CancellationToken);
        foreach (var filter in filters)
        {
            await recorder._client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        }

        return recorder;
    }

    public Task PublishAsync(string topic, byte[] payload, bool retain = false) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain).Build(), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}

/// <summary>One recorded message.</summary>
internal sealed record RecordedMessage(string Topic, byte[] Payload, bool Retain);
