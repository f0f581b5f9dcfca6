using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Tests.Support;

/// <summary>A raw MQTT 5 client playing a device against the device broker.</summary>
internal static class DeviceClient
{
    public static async Task<(IMqttClient Client, MqttClientConnectResult Result)> ConnectAsync(int port, string clientId, string userName, string password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithCredentials(userName, password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var result = await client.ConnectAsync(options, TestContext.Current.CancellationToken);
        return (client, result);
    }

    public static async Task<MqttClientPublishResult> PublishAsync(IMqttClient client, string topic, byte[] payload, bool retain = false) =>
        await client.PublishAsync(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(),
            TestContext.Current.CancellationToken);

    public static string Tel(string deviceId) => ProtocolTopics.Device(deviceId, DeviceTopicKind.Tel);
}
