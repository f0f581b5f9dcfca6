using EdgeCompute.Gateway.Tests.Support;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Tests.Bridges;

/// <summary>A simulated device on the gateway's broker that remembers every window it sent, for the bridge tests to compare against.</summary>
internal sealed class BridgeDevice : IDisposable
{
    private readonly IMqttClient _client;
    private readonly byte[] _key;

    private BridgeDevice(IMqttClient client, string deviceId, byte[] key)
    {
        _client = client;
        DeviceId = deviceId;
        _key = key;
    }

    public string DeviceId { get; }

    public List<(uint Boot, uint Seq, WindowSummary Window)> Sent { get; } = [];

    public static async Task<BridgeDevice> ConnectAsync(int port, string deviceId, string credential, byte[] key)
    {
        var (client, result) = await DeviceClient.ConnectAsync(port, deviceId, deviceId, credential);
        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        return new BridgeDevice(client, deviceId, key);
    }

    public async Task BirthAsync(uint boot, string firmware = "1.4.2", string platform = "esp32")
    {
        var body = DeviceBirthCodec.Encode(new DeviceBirth(firmware, platform, ["mc.pi"], 327_680, 240, [new SensorDescriptor("temp", "Cel", -2)]));
        var birth = DeviceFrameCodec.Encode(DeviceFrameMac.Seal(_key, DeviceId, boot, 0, FrameType.Birth, body));
        Accepted(await DeviceClient.PublishAsync(_client, ProtocolTopics.Device(DeviceId, DeviceTopicKind.Birth), birth, retain: true));
    }

    public async Task StateAsync(bool online) =>
        Accepted(await DeviceClient.PublishAsync(_client, ProtocolTopics.Device(DeviceId, DeviceTopicKind.State), StatePayload.Encode(online ? ConnectionState.Online : ConnectionState.Offline), retain: true));

    public async Task<WindowSummary> WindowAsync(uint boot, uint seq)
    {
        var (bytes, _) = TestFrames.Summary(_key, DeviceId, boot, seq, samplesPerChannel: 60, offset: (int)seq * 3);
        Accepted(await DeviceClient.PublishAsync(_client, DeviceClient.Tel(DeviceId), bytes));
        var window = WindowSummaryCodec.Decode(TestFrames.Decode(bytes).Body).Value;
        Sent.Add((boot, seq, window));
        return window;
    }

    public void Dispose() => _client.Dispose();

    private static void Accepted(MqttClientPublishResult result) =>
        Assert.True(result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers, $"publish refused: {result.ReasonCode}");
}
