using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using EdgeCompute.Integration.Tests.Services;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeCompute.Integration.Tests.Security;

/// <summary>
/// Sits between a real gateway and the real coordinator broker, holding that gateway's broker password and signing key —
/// what a compromised gateway (or its owner) has. It forwards <c>up</c>/<c>birth</c>/<c>state</c> upstream and
/// <c>ack</c>/<c>task</c> down, and can alter batches (re-signed with the gateway key), replay them, hold the
/// coordinator's acks back and inject forged ones.
/// </summary>
internal sealed class UplinkRelay : IAsyncDisposable
{
    private readonly GatewayFile _gateway;
    private readonly MqttServer _server;
    private readonly IMqttClient _upstream = new MqttClientFactory().CreateMqttClient();
    private readonly int _coordinatorPort;
    private readonly ECDsa _key;

    public UplinkRelay(GatewayFile gateway, int coordinatorPort)
    {
        _gateway = gateway;
        _coordinatorPort = coordinatorPort;
        _key = P256Keys.ImportPrivateKey(gateway.PrivateKey);
        Port = FreePort.Next();
        _server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder().WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback).WithDefaultEndpointPort(Port).Build());
        _server.ValidatingConnectionAsync += e =>
        {
            if (e.ClientId != gateway.GatewayId || e.Password != gateway.BrokerPassword)
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }

            return Task.CompletedTask;
        };
        _server.InterceptingPublishAsync += OnGatewayPublishAsync;
        _upstream.ApplicationMessageReceivedAsync += OnCoordinatorMessageAsync;
    }

    public int Port { get; }

    public string Url => $"mqtt://127.0.0.1:{Port}";

    /// <summary>Gets or sets a change made to every <c>up</c> on its way (the batch is re-signed with the gateway key).</summary>
    public Func<OpenedBatch, GatewayBatchBody?>? Alter { get; set; }

    /// <summary>Gets or sets whether the coordinator's acks are held back (dropped) instead of passed down.</summary>
    public bool HoldAcks { get; set; }

    /// <summary>Gets every <c>up</c> as forwarded upstream, in order.</summary>
    public ConcurrentQueue<byte[]> Forwarded { get; } = new();

    /// <summary>Gets the acks held back.</summary>
    public ConcurrentQueue<byte[]> HeldAcks { get; } = new();

    public async Task StartAsync()
    {
        await _server.StartAsync();
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _coordinatorPort).WithClientId(_gateway.GatewayId)
            .WithCredentials(_gateway.BrokerUsername, _gateway.BrokerPassword).WithProtocolVersion(MqttProtocolVersion.V500).Build();
        var connected = await _upstream.ConnectAsync(options, TestContext.Current.CancellationToken);
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        await _upstream.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Task), MqttQualityOfServiceLevel.AtLeastOnce).Build(),
            TestContext.Current.CancellationToken);
    }

    /// <summary>Publishes an <c>up</c> upstream again, byte for byte; returns the coordinator's PUBACK.</summary>
    public Task<MqttClientPublishResult> ReplayAsync(byte[] up) =>
        _upstream.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Up)).WithPayload(up)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), TestContext.Current.CancellationToken);

    /// <summary>Delivers a message to the gateway as if the coordinator had sent it.</summary>
    public Task InjectAsync(GatewayTopicKind kind, byte[] payload) =>
        _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(new MqttApplicationMessageBuilder()
            .WithTopic(ProtocolTopics.Gateway(_gateway.GatewayId, kind)).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())
        { SenderClientId = "relay" });

    private async Task OnGatewayPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.ClientId != _gateway.GatewayId)
        {
            return;
        }

        e.ProcessPublish = false;
        var message = e.ApplicationMessage;
        var payload = message.Payload.ToArray();
        if (message.Topic == ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Up) && Alter is { } alter)
        {
            var opened = BatchOpener.Open(payload, _key, _gateway.GatewayId).Value;
            if (alter(opened) is { } body)
            {
                var envelope = opened.Envelope;
                payload = GatewayBatchCodec.Encode(BatchSealer.Seal(body, _gateway.GatewayId, envelope.Boot, envelope.Seq, envelope.Codec, _key));
            }
        }

        if (message.Topic == ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Up))
        {
            Forwarded.Enqueue(payload);
        }

        var result = await _upstream.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(message.Topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(message.Retain).Build(), e.CancellationToken);
        e.Response.ReasonCode = (MqttPubAckReasonCode)(int)result.ReasonCode;
    }

    private async Task OnCoordinatorMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var payload = e.ApplicationMessage.Payload.ToArray();
        if (e.ApplicationMessage.Topic.EndsWith("/ack", StringComparison.Ordinal) && HoldAcks)
        {
            HeldAcks.Enqueue(payload);
            return;
        }

        await InjectAsync(e.ApplicationMessage.Topic.EndsWith("/ack", StringComparison.Ordinal) ? GatewayTopicKind.Ack : GatewayTopicKind.Task, payload);
    }

    public async ValueTask DisposeAsync()
    {
        _upstream.Dispose();
        await _server.StopAsync();
        _server.Dispose();
        _key.Dispose();
    }
}
