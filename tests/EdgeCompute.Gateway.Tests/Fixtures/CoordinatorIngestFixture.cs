using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Frames;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Sequencing;
using EdgeCompute.Protocol.Telemetry;
using EdgeCompute.Protocol.Topics;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeCompute.Gateway.Tests.Fixtures;

/// <summary>
/// TEST FIXTURE standing in for the coordinator (the real one comes with the coordinator issue): an in-process MQTTnet
/// server as the central broker that authenticates the gateway, intercepts its <c>up</c> messages, opens them with
/// <see cref="BatchOpener"/> (signature first), commits them to an in-memory store under the protocol's duplicate
/// rule (<see cref="SequenceRule"/>, for batches and for device frames), and publishes acks signed with the
/// coordinator key. Switches drop acks, delay them, or forge them (sign with a wrong key); the broker can be stopped and
/// started again on the same port (an outage).
/// </summary>
internal sealed class CoordinatorIngestFixture : IAsyncDisposable
{
    private MqttServer _server;
    private readonly GatewayFile _gateway;
    private readonly ECDsa _gatewayPublicKey;
    private readonly ECDsa _coordinatorKey;
    private readonly ECDsa _forgeryKey = P256Keys.Generate();
    private readonly ConcurrentDictionary<SequenceKey, byte[]> _batches = new();
    private readonly ConcurrentDictionary<SequenceKey, byte[]> _frames = new();
    private readonly object _commitLock = new();
    private long _readings;
    private bool _stopped;
    private bool _serverHasTls;

    public CoordinatorIngestFixture(CoordinatorRegistry registry, GatewayFile gateway)
    {
        _gateway = gateway;
        _gatewayPublicKey = P256Keys.ImportPublicKey(gateway.PublicKey);
        _coordinatorKey = P256Keys.ImportPrivateKey(registry.CoordinatorPrivateKey);
        Port = Support.FreePort.BelowEphemeralRange(); // it may be stopped while the gateway keeps connecting (see there)
        _server = CreateServer();
    }

    public int Port { get; }

    public string Url => $"{(Tls is null ? "mqtt" : "mqtts")}://127.0.0.1:{Port}";

    /// <summary>Gets or sets the central broker's TLS (set before <see cref="StartAsync"/>): it then listens with TLS only, on the brokers' guarded listener.</summary>
    public EdgeCompute.Protocol.Tls.TlsServerOptions? Tls { get; set; }

    /// <summary>Gets the TLS connections the broker refused.</summary>
    public ConcurrentQueue<EdgeCompute.Protocol.Tls.TlsRefusal> TlsRefusals { get; } = new();

    /// <summary>Gets the CN of the client certificate of the last accepted connection (null without one).</summary>
    public string? LastClientCertificateName { get; private set; }

    /// <summary>Gets or sets how many of the next acks are not sent (the batch is committed all the same).</summary>
    public int DropNextAcks { get; set; }

    /// <summary>Gets or sets a delay before each ack.</summary>
    public TimeSpan AckDelay { get; set; }

    /// <summary>Gets or sets whether acks are signed with a key that is not the coordinator's.</summary>
    public bool ForgeAcks { get; set; }

    /// <summary>Gets or sets how many of the next subscriptions the broker refuses (NotAuthorized), leaving the client connected.</summary>
    public int RefuseNextSubscriptions { get; set; }

    public long SubscriptionsRefused;

    public long BatchesReceived;
    public long BatchesStored;
    public long BatchDuplicates;
    public long BatchConflicts;
    public long BatchesRefused;
    public long FrameDuplicates;
    public long AcksSent;
    public long ConnectionsAccepted;

    public long ReadingsStored => Interlocked.Read(ref _readings);

    public int FramesStored => _frames.Count;

    public ConcurrentQueue<TelemetryGapItem> Gaps { get; } = new();

    public ConcurrentQueue<DeviceStateItem> States { get; } = new();

    public ConcurrentQueue<GatewayStatus> Statuses { get; } = new();

    /// <summary>Gets the status of each stored batch that carried one, by batch seq (the first time the batch was stored).</summary>
    public ConcurrentDictionary<ulong, GatewayStatus> StatusBySeq { get; } = new();

    /// <summary>Gets the gateway's own window summaries received (item kind 2), decoded.</summary>
    public ConcurrentQueue<WindowSummary> GatewayTelemetry { get; } = new();

    /// <summary>Gets the results of tasks the gateway ran itself (item kind 6).</summary>
    public ConcurrentQueue<GatewayTaskResultItem> GatewayTaskResults { get; } = new();

    public ConcurrentQueue<(uint Boot, ulong Seq)> Received { get; } = new();

    /// <summary>Gets the device frames in the order they were first stored (a frame stored again is not added).</summary>
    public ConcurrentQueue<SequenceKey> StoredOrder { get; } = new();

    public bool HasFrame(string device, uint boot, uint seq) => _frames.ContainsKey(new SequenceKey(device, boot, seq));

    /// <summary>A snapshot of the stored frames: (device, boot, seq) → SHA-256 of the frame bytes.</summary>
    public IReadOnlyDictionary<SequenceKey, byte[]> StoredFrameHashes() => _frames.ToDictionary(f => f.Key, f => f.Value);

    /// <summary>Starts the central broker, or starts it again after <see cref="StopAsync"/> (a new server on the same port; the stored batches and frames stay).</summary>
    public async Task StartAsync()
    {
        if (_stopped || Tls is not null && !_serverHasTls)
        {
            // after an outage, or when TLS was set after construction: a new server
            _server.Dispose();
            _server = CreateServer();
            _stopped = false;
        }

        await _server.StartAsync();
    }

    /// <summary>Stops the central broker (an outage): every connection is closed and new ones are refused until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        await _server.StopAsync();
        _stopped = true;
    }

    /// <summary>Publishes a coordinator task to the gateway, signed with the coordinator key or (forged) with another.</summary>
    public async Task SendTaskAsync(string target, byte[] assignment, bool forged)
    {
        var task = CoordinatorTaskSignature.Sign(
            new CoordinatorTask(_gateway.GatewayId, target, assignment, 1_764_000_000_000, ReadOnlyMemory<byte>.Empty),
            forged ? _forgeryKey : _coordinatorKey);
        await InjectAsync(ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Task), CoordinatorTaskCodec.Encode(task));
    }

    /// <summary>Gets the gateway's last birth the broker saw (null before the first).</summary>
    public EdgeCompute.Protocol.Births.GatewayBirth? LastBirth { get; private set; }

    private async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.ClientId == _gateway.GatewayId && e.ApplicationMessage.Topic == ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Birth)
            && EdgeCompute.Protocol.Births.GatewayBirthCodec.Decode(e.ApplicationMessage.Payload.ToArray()).TryGetValue(out var birth))
        {
            LastBirth = birth;
        }

        if (e.ClientId != _gateway.GatewayId || e.ApplicationMessage.Topic != ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Up))
        {
            return;
        }

        e.ProcessPublish = false;
        Interlocked.Increment(ref BatchesReceived);
        var opened = BatchOpener.Open(e.ApplicationMessage.Payload.ToArray(), _gatewayPublicKey, _gateway.GatewayId);
        if (!opened.TryGetValue(out var batch))
        {
            Interlocked.Increment(ref BatchesRefused);
            return;
        }

        var envelope = batch.Envelope;
        Received.Enqueue((envelope.Boot, envelope.Seq));
        var conflict = !Commit(batch);
        if (DropNextAcks > 0)
        {
            DropNextAcks--;
            return;
        }

        if (AckDelay > TimeSpan.Zero)
        {
            await Task.Delay(AckDelay);
        }

        ulong[] seq = [envelope.Seq];
        var ack = CoordinatorAckSignature.Sign(
            new CoordinatorAck(_gateway.GatewayId, envelope.Boot, conflict ? [] : seq, conflict ? seq : [], 1_764_000_000_000, ReadOnlyMemory<byte>.Empty),
            ForgeAcks ? _forgeryKey : _coordinatorKey);
        await InjectAsync(ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Ack), CoordinatorAckCodec.Encode(ack));
        Interlocked.Increment(ref AcksSent);
    }

    /// <summary>Commits a batch once under (gateway, boot, seq); its frames once under (device, boot, seq). False on a conflict.</summary>
    private bool Commit(OpenedBatch batch)
    {
        var envelope = batch.Envelope;
        var key = new SequenceKey(envelope.GatewayId, envelope.Boot, envelope.Seq);
        var hash = PayloadHash.Of(batch.RawBody.Span);
        lock (_commitLock)
        {
            switch (SequenceRule.Classify(_batches.GetValueOrDefault(key), hash))
            {
                case SequenceClass.Duplicate:
                    Interlocked.Increment(ref BatchDuplicates);
                    return true;
                case SequenceClass.Conflict:
                    Interlocked.Increment(ref BatchConflicts);
                    return false;
            }

            _batches[key] = hash;
            Interlocked.Increment(ref BatchesStored);
            if (batch.Body.Status is { } status)
            {
                Statuses.Enqueue(status);
                StatusBySeq[envelope.Seq] = status;
            }

            foreach (var item in batch.Body.Items)
            {
                switch (item)
                {
                    case DeviceFrameItem frameItem:
                        StoreFrame(frameItem.Frame);
                        break;
                    case TelemetryGapItem gap:
                        Gaps.Enqueue(gap);
                        break;
                    case DeviceStateItem state:
                        States.Enqueue(state);
                        break;
                    case GatewayTelemetryItem telemetry:
                        GatewayTelemetry.Enqueue(WindowSummaryCodec.Decode(telemetry.Pack).Value);
                        break;
                    case GatewayTaskResultItem result:
                        GatewayTaskResults.Enqueue(result);
                        break;
                }
            }
        }

        return true;
    }

    private void StoreFrame(ReadOnlyMemory<byte> bytes)
    {
        var frame = DeviceFrameCodec.Decode(bytes).Value;
        var key = new SequenceKey(frame.DeviceId, frame.Boot, frame.Seq);
        var hash = PayloadHash.Of(bytes.Span);
        if (SequenceRule.Classify(_frames.GetValueOrDefault(key), hash) != SequenceClass.Accepted)
        {
            Interlocked.Increment(ref FrameDuplicates);
            return;
        }

        _frames[key] = hash;
        StoredOrder.Enqueue(key);
        Interlocked.Add(ref _readings, TelemetryReadings.Count(frame.Type, frame.Body).Value);
    }

    /// <summary>The central broker on <see cref="Port"/>; a new one for every (re)start, as a restarted broker process would be.</summary>
    private MqttServer CreateServer()
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(Port)
            .Build();
        options.DefaultEndpointOptions.ReuseAddress = true; // the stopped broker's closed connections must not block the restart
        MqttServer server;
        _serverHasTls = Tls is not null;
        if (Tls is { } tls)
        {
            var listener = new EdgeCompute.Protocol.Mqtt.Guard.GuardedTcpServerAdapter(
                new IPEndPoint(IPAddress.Loopback, Port), new EdgeCompute.Protocol.Mqtt.Guard.BrokerGuardOptions { MaxPacketBytes = 2 << 20 }, tls: new EdgeCompute.Protocol.Tls.TlsServerHandshake(tls));
            listener.TlsRefused += TlsRefusals.Enqueue;
            server = new MqttServerFactory().CreateMqttServer(options, [listener]);
        }
        else
        {
            server = new MqttServerFactory().CreateMqttServer(options);
        }

        server.ValidatingConnectionAsync += e =>
        {
            if (e.ClientId != _gateway.GatewayId || e.UserName != _gateway.BrokerUsername || e.Password != _gateway.BrokerPassword)
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }
            else
            {
                LastClientCertificateName = e.ClientCertificate is { } certificate ? EdgeCompute.Protocol.Tls.CertificateFacts.CommonName(certificate) : null;
                Interlocked.Increment(ref ConnectionsAccepted);
            }

            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += OnPublishAsync;
        server.InterceptingSubscriptionAsync += e =>
        {
            if (RefuseNextSubscriptions > 0)
            {
                RefuseNextSubscriptions--;
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
                Interlocked.Increment(ref SubscriptionsRefused);
            }

            return Task.CompletedTask;
        };
        return server;
    }

    private Task InjectAsync(string topic, byte[] payload) =>
        _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())
        {
            SenderClientId = "coordinator-fixture",
        });

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _server.StopAsync();
        }

        _server.Dispose();
        _gatewayPublicKey.Dispose();
        _coordinatorKey.Dispose();
        _forgeryKey.Dispose();
    }
}
