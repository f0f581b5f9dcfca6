using EdgeCompute.Gateway.DeviceBroker;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Tests.DeviceBroker;

public sealed class DeviceBrokerAccessTests
{
    [Fact]
    public async Task Refuses_unknown_device_and_wrong_credential_with_their_reason_codes()
    {
        await using var gateway = new TestGateway(devices: 2);
        var outbox = gateway.OpenOutbox();
        var (broker, _) = await gateway.StartBrokerAsync(outbox);
        var port = gateway.Options.DeviceBroker.Port;
        var known = gateway.File.Devices[0];

        var (c1, unknown) = await DeviceClient.ConnectAsync(port, "dev-9999", "dev-9999", known.BrokerCredential);
        var (c2, wrong) = await DeviceClient.ConnectAsync(port, known.DeviceId, known.DeviceId, new string('0', 64));
        var (c3, otherUser) = await DeviceClient.ConnectAsync(port, known.DeviceId, gateway.IdOf(1), known.BrokerCredential);
        var (c4, good) = await DeviceClient.ConnectAsync(port, known.DeviceId, known.DeviceId, known.BrokerCredential);

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, unknown.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, wrong.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, otherUser.ResultCode);
        Assert.Equal(MqttClientConnectResultCode.Success, good.ResultCode);
        Assert.Equal(1, broker.Refusals[BrokerRefusal.UnknownDevice]);
        Assert.Equal(2, broker.Refusals[BrokerRefusal.BadCredential]);
        foreach (var c in new[] { c1, c2, c3, c4 })
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task Refuses_publish_to_another_devices_topic_and_stores_nothing()
    {
        await using var gateway = new TestGateway(devices: 2);
        var outbox = gateway.OpenOutbox();
        var (broker, _) = await gateway.StartBrokerAsync(outbox);
        var me = gateway.File.Devices[0];
        var (client, _) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, me.DeviceId, me.DeviceId, me.BrokerCredential);
        using var _c = client;

        // A frame of the other device, sealed with its key, published on its topic by the wrong client.
        var (frame, _) = TestFrames.Summary(gateway.KeyOf(1), gateway.IdOf(1), 1, 1);
        var intoOther = await DeviceClient.PublishAsync(client, DeviceClient.Tel(gateway.IdOf(1)), frame);
        var taskTopic = await DeviceClient.PublishAsync(client, ProtocolTopics.Device(me.DeviceId, DeviceTopicKind.Task), frame);
        var gatewayTopic = await DeviceClient.PublishAsync(client, ProtocolTopics.Gateway(gateway.File.GatewayId, GatewayTopicKind.Up), frame);

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, intoOther.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, taskTopic.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, gatewayTopic.ReasonCode);
        Assert.Equal(3, broker.Refusals[BrokerRefusal.PublishNotAllowed]);
        Assert.Equal(0, outbox.Counters().Stored);
    }

    [Fact]
    public async Task Refuses_subscribe_to_another_devices_task_topic_or_a_wildcard()
    {
        await using var gateway = new TestGateway(devices: 2);
        var outbox = gateway.OpenOutbox();
        var (broker, _) = await gateway.StartBrokerAsync(outbox);
        var me = gateway.File.Devices[0];
        var (client, _) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, me.DeviceId, me.DeviceId, me.BrokerCredential);
        using var _c = client;

        var result = await client.SubscribeAsync(
            new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(ProtocolTopics.Device(gateway.IdOf(1), DeviceTopicKind.Task), MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter("ec/v1/d/+/task", MqttQualityOfServiceLevel.AtLeastOnce)
                .WithTopicFilter(ProtocolTopics.Device(me.DeviceId, DeviceTopicKind.Task), MqttQualityOfServiceLevel.AtLeastOnce)
                .Build(),
            TestContext.Current.CancellationToken);

        var codes = result.Items.Select(i => i.ResultCode).ToArray();
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[0]);
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, codes[1]);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, codes[2]);
        Assert.Equal(2, broker.Refusals[BrokerRefusal.SubscribeNotAllowed]);
    }
}
