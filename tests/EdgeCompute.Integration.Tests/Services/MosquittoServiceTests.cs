using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Integration.Tests.Services;

/// <summary>The Mosquitto that scripts/test.sh starts: authenticated, loopback only, QoS 1 end to end.</summary>
public class MosquittoServiceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Refuses_a_client_with_a_wrong_password()
    {
        var broker = ServiceEnvironment.RequireMosquitto();
        using var client = new MqttClientFactory().CreateMqttClient();
        var options = Options(broker, "intruder", broker.Password + "-wrong");

        var result = await client.ConnectAsync(options, TestContext.Current.CancellationToken);

        Assert.Contains(result.ResultCode, new[] { MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized });
        Assert.False(client.IsConnected);
    }

    [Fact]
    public async Task Delivers_every_qos1_message_byte_for_byte_in_order()
    {
        var broker = ServiceEnvironment.RequireMosquitto();
        var ct = TestContext.Current.CancellationToken;
        var topic = $"ec/v1/g/it-{Guid.NewGuid():N}"[..29] + "/up";
        var received = new ConcurrentQueue<byte[]>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int count = 500;

        using var subscriber = new MqttClientFactory().CreateMqttClient();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(e.ApplicationMessage.Payload.ToArray());
            if (received.Count == count) all.TrySetResult();
            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(Options(broker, broker.User, broker.Password), ct);
        await subscriber.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);

        using var publisher = new MqttClientFactory().CreateMqttClient();
        await publisher.ConnectAsync(Options(broker, broker.User, broker.Password), ct);
        var random = EdgeCompute.Tests.TestSeed.Random(20261124);
        var sent = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[random.Next(1, 2048)];
            random.NextBytes(payload);
            sent.Add(payload);
            var result = await publisher.PublishAsync(new MqttApplicationMessageBuilder()
                .WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), ct);
            Assert.True(result.IsSuccess, result.ReasonString);
        }

        await all.Task.WaitAsync(Timeout, ct);
        Assert.Equal(sent, received.ToList());
    }

    private static MqttClientOptions Options(MosquittoEndpoint broker, string user, string password) =>
        new MqttClientOptionsBuilder()
            .WithTcpServer(broker.Host, broker.Port)
            .WithClientId("it-" + Guid.NewGuid().ToString("N")[..12])
            .WithCredentials(user, password)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .WithTimeout(Timeout)
            .Build();
}
