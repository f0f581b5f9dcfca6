using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Topics;
using MQTTnet;

namespace EdgeCompute.Gateway.Tests.DeviceBroker;

public sealed class DeviceBrokerRetainTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Retained_births_and_states_go_to_the_outbox_and_the_broker_keeps_none_of_them()
    {
        await using var gateway = new TestGateway(devices: 3);
        var outbox = gateway.OpenOutbox();
        var (broker, _) = await gateway.StartBrokerAsync(outbox);
        var port = gateway.Options.DeviceBroker.Port;
        var clients = new List<IMqttClient>();
        try
        {
            for (var d = 0; d < 3; d++)
            {
                var device = gateway.File.Devices[d];
                var (client, connected) = await DeviceClient.ConnectAsync(port, device.DeviceId, device.DeviceId, device.BrokerCredential);
                clients.Add(client);
                Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
                var birth = DeviceFrameCodec.Encode(DeviceFrameMac.Seal(
                    gateway.KeyOf(d), device.DeviceId, 1, 0, FrameType.Birth, DeviceBirthCodec.Encode(new DeviceBirth("0.1.0", "sim", ["mc.pi"], 327_680, 240, []))));
                var birthAck = await DeviceClient.PublishAsync(client, ProtocolTopics.Device(device.DeviceId, DeviceTopicKind.Birth), birth, retain: true);
                var stateAck = await DeviceClient.PublishAsync(client, ProtocolTopics.Device(device.DeviceId, DeviceTopicKind.State), StatePayload.Encode(ConnectionState.Online), retain: true);
                Assert.Equal(MqttClientPublishReasonCode.Success, birthAck.ReasonCode);
                Assert.Equal(MqttClientPublishReasonCode.Success, stateAck.ReasonCode);

                // A device's SUBSCRIBE to its task topic still works (nothing retained is replayed to it).
                var subscribed = await client.SubscribeAsync(ProtocolTopics.Device(device.DeviceId, DeviceTopicKind.Task), MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, Ct);
                Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(subscribed.Items).ResultCode);
            }

            Assert.Equal(6, outbox.PendingItems); // every birth and state is stored before its PUBACK
            Assert.Empty(await broker.Server.GetRetainedMessagesAsync());
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}
