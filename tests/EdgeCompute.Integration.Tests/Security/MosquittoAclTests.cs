using System.Buffers;
using System.Collections.Concurrent;
using EdgeCompute.Integration.Tests.Services;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Integration.Tests.Security;

/// <summary>
/// The shared Mosquitto of scripts/test.sh, configured with the password and ACL files <c>edgecompute provision mosquitto</c>
/// wrote for the test fleet. Mosquitto refuses an ACL-denied QoS 1 publish with PUBACK "not authorized" under MQTT 5 (and drops
/// it silently under 3.1.1); either way it is never routed, which a subscriber allowed to read everything proves: it receives
/// a marker the same publisher sends right after, and nothing else.
/// </summary>
public sealed class MosquittoAclTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task A_gateway_publishing_on_another_gateways_topics_is_refused_and_nobody_receives_it()
    {
        var (broker, fleet) = (ServiceEnvironment.RequireMosquitto(), ServiceEnvironment.RequireTestFleet());
        var coordinatorUser = ServiceEnvironment.RequireMosquittoCoordinator();
        var ct = TestContext.Current.CancellationToken;
        var (own, victim) = (fleet.Gateways[0], fleet.Gateways[1]);
        var tag = Guid.NewGuid().ToByteArray();

        // two readers: the coordinator's own user (reads every gateway's up) and the catch-all test user (reads everything)
        var received = new ConcurrentQueue<(string Topic, byte[] Payload)>();
        using var coordinator = await ConnectAsync(broker, coordinatorUser.User, coordinatorUser.Password);
        using var everything = await ConnectAsync(broker, broker.User, broker.Password);
        foreach (var reader in new[] { coordinator, everything })
        {
            reader.ApplicationMessageReceivedAsync += e =>
            {
                var payload = e.ApplicationMessage.Payload.ToArray();
                if (payload.AsSpan().StartsWith(tag))
                {
                    received.Enqueue((e.ApplicationMessage.Topic, payload));
                }

                return Task.CompletedTask;
            };
        }

        await Subscribed(coordinator, ProtocolTopics.GatewayFilter(GatewayTopicKind.Up));
        await Subscribed(everything, "ec/v1/#");

        using var gateway = await ConnectAsync(broker, own.BrokerUsername, own.BrokerPassword);
        string[] denied =
        [
            ProtocolTopics.Gateway(victim.GatewayId, GatewayTopicKind.Up), ProtocolTopics.Gateway(victim.GatewayId, GatewayTopicKind.State),
            ProtocolTopics.Gateway(victim.GatewayId, GatewayTopicKind.Ack), ProtocolTopics.Gateway(own.GatewayId, GatewayTopicKind.Ack),
            ProtocolTopics.Device(fleet.DevicesOf(own.GatewayId)[0].DeviceId, DeviceTopicKind.Tel),
        ];
        var codes = new List<MqttClientPublishReasonCode>();
        foreach (var topic in denied)
        {
            codes.Add((await gateway.PublishAsync(Message(topic, [.. tag, 1]), ct)).ReasonCode);
        }

        var marker = await gateway.PublishAsync(Message(ProtocolTopics.Gateway(own.GatewayId, GatewayTopicKind.Up), [.. tag, 2]), ct);
        await Eventually.TrueAsync(() => received.Count(r => r.Payload[^1] == 2) == 2, "the marker at both readers", Timeout);

        Assert.All(codes, code => Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, code));
        Assert.Equal(MqttClientPublishReasonCode.Success, marker.ReasonCode);
        Assert.All(received, r => Assert.Equal(ProtocolTopics.Gateway(own.GatewayId, GatewayTopicKind.Up), r.Topic));
        Assert.Equal(2, received.Count);
    }

    [Fact]
    public async Task A_gateway_subscribed_to_another_gateways_ack_never_receives_it()
    {
        var (broker, fleet) = (ServiceEnvironment.RequireMosquitto(), ServiceEnvironment.RequireTestFleet());
        var coordinatorUser = ServiceEnvironment.RequireMosquittoCoordinator();
        var ct = TestContext.Current.CancellationToken;
        var (own, victim) = (fleet.Gateways[0], fleet.Gateways[1]);
        var tag = Guid.NewGuid().ToByteArray();
        var (ownAck, victimAck) = (ProtocolTopics.Gateway(own.GatewayId, GatewayTopicKind.Ack), ProtocolTopics.Gateway(victim.GatewayId, GatewayTopicKind.Ack));
        var atGateway = new ConcurrentQueue<string>();
        var atReader = new ConcurrentQueue<string>();
        using var gateway = await ConnectAsync(broker, own.BrokerUsername, own.BrokerPassword);
        using var everything = await ConnectAsync(broker, broker.User, broker.Password);
        Collect(gateway, tag, atGateway);
        Collect(everything, tag, atReader);

        // Mosquitto 2.0 grants the SUBACK and applies the read rule to each message it would deliver
        await Subscribed(gateway, victimAck);
        await Subscribed(gateway, ownAck);
        await Subscribed(everything, ProtocolTopics.GatewayFilter(GatewayTopicKind.Ack));
        using var coordinator = await ConnectAsync(broker, coordinatorUser.User, coordinatorUser.Password);
        var toVictim = await coordinator.PublishAsync(Message(victimAck, [.. tag, 1]), ct);
        var toOwn = await coordinator.PublishAsync(Message(ownAck, [.. tag, 2]), ct);
        await Eventually.TrueAsync(() => atGateway.Contains(ownAck) && atReader.Count == 2, "the gateway's own ack, and both acks at the reader", Timeout);

        Assert.Equal(MqttClientPublishReasonCode.Success, toVictim.ReasonCode);
        Assert.Equal(MqttClientPublishReasonCode.Success, toOwn.ReasonCode);
        Assert.Equal([victimAck, ownAck], atReader.ToArray());
        Assert.Equal([ownAck], atGateway.ToArray());
    }

    [Fact]
    public async Task A_device_credential_does_not_open_mosquitto_and_a_gateway_password_works_only_for_its_own_user()
    {
        var (broker, fleet) = (ServiceEnvironment.RequireMosquitto(), ServiceEnvironment.RequireTestFleet());
        var device = fleet.Devices[0];
        var (first, second) = (fleet.Gateways[0], fleet.Gateways[1]);

        var asDevice = await TryConnectAsync(broker, device.DeviceId, DeviceCredential.Derive(device.GetKey()));
        var swapped = await TryConnectAsync(broker, second.BrokerUsername, first.BrokerPassword);
        var genuine = await TryConnectAsync(broker, first.BrokerUsername, first.BrokerPassword);

        Assert.Contains(asDevice, new[] { MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized });
        Assert.Contains(swapped, new[] { MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized });
        Assert.Equal(MqttClientConnectResultCode.Success, genuine);
    }

    private static void Collect(IMqttClient client, byte[] tag, ConcurrentQueue<string> topics) =>
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Payload.ToArray().AsSpan().StartsWith(tag))
            {
                topics.Enqueue(e.ApplicationMessage.Topic);
            }

            return Task.CompletedTask;
        };

    private static MqttApplicationMessage Message(string topic, byte[] payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    private static async Task Subscribed(IMqttClient client, string filter)
    {
        var result = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(result.Items).ResultCode);
    }

    private static async Task<IMqttClient> ConnectAsync(MosquittoEndpoint broker, string user, string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(Options(broker, user, password), TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return client;
    }

    private static async Task<MqttClientConnectResultCode> TryConnectAsync(MosquittoEndpoint broker, string user, string password)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        return (await client.ConnectAsync(Options(broker, user, password), TestContext.Current.CancellationToken)).ResultCode;
    }

    // Mosquitto checks the user name, not the client id, so a random client id keeps parallel tests from taking over sessions.
    private static MqttClientOptions Options(MosquittoEndpoint broker, string user, string password) => new MqttClientOptionsBuilder()
        .WithTcpServer(broker.Host, broker.Port).WithClientId("it-acl-" + Guid.NewGuid().ToString("N")[..10]).WithCredentials(user, password)
        .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(Timeout).Build();
}
