using System.Buffers;
using System.Collections.Concurrent;
using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Tasks;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Tests.Dispatch;

/// <summary>A device played by a raw MQTT client: subscribes to its task topic, publishes birth, state and result frames sealed with its key.</summary>
internal sealed class TestDevice : IDisposable
{
    private readonly IMqttClient _client;
    private readonly byte[] _key;
    private uint _seq;

    private TestDevice(IMqttClient client, string deviceId, byte[] key)
    {
        _client = client;
        DeviceId = deviceId;
        _key = key;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Received.Enqueue(e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
    }

    public string DeviceId { get; }

    public ConcurrentQueue<byte[]> Received { get; } = new();

    public static async Task<TestDevice> ConnectAsync(TestGateway gateway, int index)
    {
        var entry = gateway.File.Devices[index];
        var (client, result) = await DeviceClient.ConnectAsync(gateway.Options.DeviceBroker.Port, entry.DeviceId, entry.DeviceId, entry.BrokerCredential);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        await client.SubscribeAsync(ProtocolTopics.Device(entry.DeviceId, DeviceTopicKind.Task), MqttQualityOfServiceLevel.AtLeastOnce, TestContext.Current.CancellationToken);
        return new TestDevice(client, entry.DeviceId, gateway.KeyOf(index));
    }

    /// <summary>Publishes a birth listing the kernels, then <c>online</c>, as the firmware does on every connection.</summary>
    public async Task AnnounceAsync(uint boot, params string[] kernels)
    {
        var body = DeviceBirthCodec.Encode(new DeviceBirth("0.1.0", "sim", kernels, 327_680, 240, []));
        var birth = DeviceFrameCodec.Encode(DeviceFrameMac.Seal(_key, DeviceId, boot, 0, FrameType.Birth, body));
        AssertAccepted(await DeviceClient.PublishAsync(_client, ProtocolTopics.Device(DeviceId, DeviceTopicKind.Birth), birth, retain: true));
        await PublishStateAsync(ConnectionState.Online);
    }

    public async Task PublishStateAsync(ConnectionState state)
    {
        AssertAccepted(await DeviceClient.PublishAsync(_client, ProtocolTopics.Device(DeviceId, DeviceTopicKind.State), StatePayload.Encode(state), retain: true));
    }

    /// <summary>Publishes a result frame answering the assignment (MAC over its hash, as the device makes it).</summary>
    public async Task PublishResultAsync(byte[] assignment, string taskId, uint slot, uint boot = 1)
    {
        var body = TaskResultCodec.Encode(new TaskResult(taskId, slot, "mc.pi", TaskResultStatus.Ok, 1000, new MonteCarloPiOutput(785, 1000)));
        var frame = DeviceFrameCodec.Encode(DeviceFrameMac.Seal(_key, DeviceId, boot, ++_seq, FrameType.Result, body, assignment));
        AssertAccepted(await DeviceClient.PublishAsync(_client, ProtocolTopics.Device(DeviceId, DeviceTopicKind.Res), frame));
    }

    public Task DisconnectAsync() => _client.DisconnectAsync(cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>MQTT 5 reason codes below 0x80 are successes (a retained birth nobody subscribes to gets "no matching subscribers").</summary>
    private static void AssertAccepted(MqttClientPublishResult published) =>
        Assert.True((int)published.ReasonCode < 0x80, $"publish refused: {published.ReasonCode}");

    public void Dispose() => _client.Dispose();
}
