using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Mqtt.Guard;
using EdgeCompute.Protocol.Tls;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeCompute.Benchmarks.Gateway;

/// <summary>
/// An in-process MQTTnet server on 127.0.0.1 standing in for the central broker and the coordinator's ingest (like
/// the gateway tests' ingest fixture): it authenticates the gateway, intercepts every <c>up</c> publish, counts its
/// payload bytes (resends included), opens it (signature checked), records the device frames it carries, and
/// acknowledges it with an ack signed by the coordinator key so the gateway's outbox drains. It listens on the brokers'
/// guarded listener, with TLS when given (server certificate, client certificates of the fleet CA required).
/// </summary>
internal sealed class CentralBrokerCapture : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly GatewayFile _gateway;
    private readonly ECDsa _gatewayPublicKey;
    private readonly ECDsa _coordinatorKey;
    private readonly ConcurrentDictionary<(uint Boot, ulong Seq), bool> _batches = new();
    private readonly object _lock = new();

    public CentralBrokerCapture(CoordinatorRegistry coordinator, GatewayFile gateway, TlsServerOptions? tls = null)
    {
        _gateway = gateway;
        _gatewayPublicKey = P256Keys.ImportPublicKey(gateway.PublicKey);
        _coordinatorKey = P256Keys.ImportPrivateKey(coordinator.CoordinatorPrivateKey);
        Port = LoopbackPort.Next();
        var listener = new GuardedTcpServerAdapter(
            new IPEndPoint(IPAddress.Loopback, Port), new BrokerGuardOptions { MaxPacketBytes = 2 << 20 }, tls: tls is null ? null : new TlsServerHandshake(tls));
        listener.TlsRefused += _ => Interlocked.Increment(ref TlsRefused);
        UsesTls = tls is not null;
        _server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint().Build(), [listener]);
        _server.ValidatingConnectionAsync += e =>
        {
            if (e.ClientId != gateway.GatewayId || e.UserName != gateway.BrokerUsername || e.Password != gateway.BrokerPassword)
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }

            return Task.CompletedTask;
        };
        _server.InterceptingPublishAsync += OnPublishAsync;
    }

    public int Port { get; }

    public bool UsesTls { get; }

    public string Url => $"{(UsesTls ? "mqtts" : "mqtt")}://127.0.0.1:{Port}";

    public long TlsRefused;

    /// <summary>Gets every device frame carried, by (device, seq), with its bytes as they arrived upstream.</summary>
    public ConcurrentDictionary<(string Device, uint Seq), byte[]> Frames { get; } = new();

    public long UpMessages;
    public long UpPayloadBytes;
    public long UpFramingBytes;
    public long Resends;
    public long Refused;
    public long RawBodyBytes;
    public long CompressedBodyBytes;
    public long SamplesCarried;
    public long OtherItems;

    public long Batches => _batches.Count;

    public Task StartAsync() => _server.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
        _gatewayPublicKey.Dispose();
        _coordinatorKey.Dispose();
    }

    /// <summary>Bytes of an MQTT 5 QoS 1 PUBLISH around a payload: fixed header, remaining length, topic, packet id, empty properties.</summary>
    public static int PublishFraming(string topic, int payloadBytes)
    {
        var variable = 2 + System.Text.Encoding.UTF8.GetByteCount(topic) + 2 + 1;
        var remaining = variable + payloadBytes;
        var lengthBytes = remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4;
        return 1 + lengthBytes + variable;
    }

    private async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        var up = ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Up);
        if (e.ClientId != _gateway.GatewayId || e.ApplicationMessage.Topic != up)
        {
            return; // birth and state: retained as usual, not counted
        }

        e.ProcessPublish = false;
        var payload = e.ApplicationMessage.Payload.ToArray();
        Interlocked.Increment(ref UpMessages);
        Interlocked.Add(ref UpPayloadBytes, payload.Length);
        Interlocked.Add(ref UpFramingBytes, PublishFraming(up, payload.Length));
        var opened = BatchOpener.Open(payload, _gatewayPublicKey, _gateway.GatewayId);
        if (!opened.TryGetValue(out var batch))
        {
            Interlocked.Increment(ref Refused);
            return;
        }

        var envelope = batch.Envelope;
        if (_batches.TryAdd((envelope.Boot, envelope.Seq), true))
        {
            Record(batch);
        }
        else
        {
            Interlocked.Increment(ref Resends);
        }

        var ack = CoordinatorAckSignature.Sign(
            new CoordinatorAck(_gateway.GatewayId, envelope.Boot, [envelope.Seq], [], DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ReadOnlyMemory<byte>.Empty),
            _coordinatorKey);
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(
            new MqttApplicationMessageBuilder()
                .WithTopic(ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Ack))
                .WithPayload(CoordinatorAckCodec.Encode(ack))
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build())
        {
            SenderClientId = "coordinator-bench",
        });
    }

    private void Record(OpenedBatch batch)
    {
        lock (_lock)
        {
            RawBodyBytes += batch.Envelope.RawLength;
            CompressedBodyBytes += batch.Envelope.Body.Length;
            foreach (var item in batch.Body.Items)
            {
                if (item is not DeviceFrameItem frameItem)
                {
                    OtherItems++;
                    continue;
                }

                var frame = DeviceFrameCodec.Decode(frameItem.Frame).Value;
                if (Frames.TryAdd((frame.DeviceId, frame.Seq), frameItem.Frame.ToArray()))
                {
                    SamplesCarried += TelemetryReadings.Count(frame.Type, frame.Body).Value;
                }
            }
        }
    }
}
