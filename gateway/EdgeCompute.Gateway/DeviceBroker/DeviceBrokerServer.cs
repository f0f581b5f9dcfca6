using System.Buffers;
using System.Net;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Mqtt.Guard;
using EdgeCompute.Protocol.Mqtt.Logins;
using EdgeCompute.Protocol.Tls;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeCompute.Gateway.DeviceBroker;

/// <summary>
/// The embedded MQTT broker devices connect to. It authenticates devices (<see cref="DeviceAuthenticator"/>), enforces
/// the ACL (<see cref="DeviceAccessPolicy"/>), the payload limit and a per-device rate, and hands every device
/// publish to <see cref="FrameIngest"/> inside the broker's publish interceptor: the QoS 1 PUBACK is sent only after the
/// outbox commit. An MQTT 5 device's telemetry and results do not hold the connection's next publish back while they
/// commit: their PUBACK waits instead, on the connection's sending loop (<see cref="PendingPubAcks"/>). No device message
/// is routed further or kept retained by the broker: only devices log in, and a device may subscribe to nothing but its
/// own task topic, so nobody could receive them. (Routing births and states made each cost a pass over every session,
/// and each device's SUBSCRIBE a pass over every retained message: connecting N devices cost N², which showed at a
/// thousand devices per gateway.) With
/// <see cref="DeviceBrokerOptions.Tls"/> on it listens with TLS only (the same guarded listener, the handshake first) and
/// counts every refused handshake.
/// </summary>
/// <remarks>
/// <para>MQTTnet listens behind a <see cref="GuardedTcpServerAdapter"/>: a packet announcing more than
/// <see cref="DeviceBrokerOptions.MaxPacketBytes"/> (a CONNECT more than <see cref="DeviceBrokerOptions.MaxConnectPacketBytes"/>)
/// closes the connection before it is read, logged in or not; a connection that sends no whole CONNECT within
/// <see cref="DeviceBrokerOptions.ConnectTimeout"/> is closed; an address that keeps failing to log in waits longer and
/// longer (<see cref="LoginThrottle"/>).</para>
/// <see cref="DeviceBrokerOptions.MaxPendingMessagesPerClient"/> bounds the per-subscriber queue: devices subscribe
/// only to their task topic and the dispatcher sends them a few assignments at a time, so a small queue costs nothing
/// and a device that stops reading cannot grow the gateway's memory. When the outbox cannot take a frame (its disk or
/// its budget full, a commit failing) an MQTT 5 device gets PUBACK <c>QuotaExceeded</c> with the reason, keeps the frame
/// and sends it again later; an MQTT 3.1.1 device, whose PUBACK carries no reason code, is disconnected without one
/// instead, so it keeps the frame too.
/// </remarks>
public sealed class DeviceBrokerServer : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly GuardedTcpServerAdapter _listener;
    private readonly DeviceAuthenticator _authenticator;
    private readonly DeviceRateLimiter _rateLimiter;
    private readonly FrameIngest _ingest;
    private readonly ILogger _logger;
    private long _connectedDevices;

    /// <summary>Creates the broker (not started).</summary>
    /// <param name="options">The broker settings.</param>
    /// <param name="authenticator">The device credentials.</param>
    /// <param name="ingest">Where device messages go.</param>
    /// <param name="time">The clock (for the rate limit).</param>
    /// <param name="logger">The logger.</param>
    public DeviceBrokerServer(DeviceBrokerOptions options, DeviceAuthenticator authenticator, FrameIngest ingest, TimeProvider? time = null, ILogger<DeviceBrokerServer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator ?? throw new ArgumentNullException(nameof(authenticator));
        _ingest = ingest ?? throw new ArgumentNullException(nameof(ingest));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _rateLimiter = new DeviceRateLimiter(options.RatePerSecond, options.RateBurst, time ?? TimeProvider.System);
        var guard = options.ToGuardOptions();
        Logins = new LoginThrottle(guard, time);
        _listener = new GuardedTcpServerAdapter(new IPEndPoint(IPAddress.Parse(options.BindAddress), options.Port), guard, _logger, time, TlsHandshake(options.Tls));
        _listener.ConnectionRefused += _ => Refusals.Increment(BrokerRefusal.PacketTooLarge);
        _listener.TlsRefused += refusal => Refusals.Increment(refusal.Reason == TlsRefusalReason.NotTls ? BrokerRefusal.TlsNotTls : BrokerRefusal.TlsHandshakeFailed);
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultCommunicationTimeout(guard.ConnectTimeout) // MQTTnet waits this long for the whole CONNECT
            .WithMaxPendingMessagesPerClient(options.MaxPendingMessagesPerClient)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [_listener]);
        _server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        _server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
        _server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        _server.InterceptingOutboundPacketAsync += OnInterceptingOutboundPacketAsync;
        _server.ClientConnectedAsync += OnClientConnectedAsync;
        _server.ClientDisconnectedAsync += OnClientDisconnectedAsync;
    }

    /// <summary>Gets whether the broker listens with TLS (<see cref="DeviceBrokerOptions.Tls"/>).</summary>
    public bool UsesTls => _listener.UsesTls;

    /// <summary>Gets the count of every refusal the broker made itself (TLS, oversized packets, logins, ACL, rate).</summary>
    public OutcomeCounter<BrokerRefusal> Refusals { get; } = new();

    /// <summary>
    /// Gets the number of device connections open now: one more at each accepted CONNECT, one less at each disconnect of
    /// any kind (a takeover closes the old connection as the new one opens, so a device counts once).
    /// </summary>
    public long ConnectedDevices => Math.Max(0, Interlocked.Read(ref _connectedDevices));

    /// <summary>Gets the failed-login throttle.</summary>
    public LoginThrottle Logins { get; }

    /// <summary>Gets where the broker listens (after start).</summary>
    public IPEndPoint? LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>
    /// Raised after a device message is durably in the outbox (stored now or a duplicate), before the device gets its
    /// PUBACK; the task dispatcher follows births, states and results through it. Handlers run inside the publish
    /// handler or as the commit completes, so they must be quick and must not throw.
    /// </summary>
    public event Action<StoredDeviceMessage>? DeviceMessageStored;

    /// <summary>Gets the underlying MQTTnet server (for the task dispatcher's <c>InjectApplicationMessage</c>).</summary>
    public MqttServer Server => _server;

    /// <summary>Starts listening.</summary>
    /// <returns>A task that completes when listening.</returns>
    public Task StartAsync() => _server.StartAsync();

    /// <summary>Stops the broker and disconnects every device.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public Task StopAsync() => _server.StopAsync();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }

    private static TlsServerHandshake? TlsHandshake(DeviceBrokerTlsOptions? tls)
    {
        if (tls is not { Enabled: true })
        {
            return null;
        }

        // The files were checked at start (GatewayTlsValidator); a file changed since then fails here with its name.
        var certificate = TlsFiles.ReadCertificateWithKey(tls.CertificateFile, tls.KeyFile);
        return new TlsServerHandshake(new TlsServerOptions { Certificate = certificate, HandshakeTimeout = tls.HandshakeTimeout });
    }

    private const string ProtocolVersionItem = "edgecompute.protocolVersion";
    private const string PendingPubAcksItem = "edgecompute.pendingPubAcks";

    private async Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        e.SessionItems[ProtocolVersionItem] = e.ProtocolVersion;
        var turn = await Logins.WaitTurnAsync((e.RemoteEndPoint as IPEndPoint)?.Address, e.CancellationToken).ConfigureAwait(false);
        if (turn.Waited)
        {
            Refusals.Increment(BrokerRefusal.LoginSlowed);
        }

        if (!turn.Admitted)
        {
            e.ReasonCode = MqttConnectReasonCode.ServerBusy;
            Refusals.Increment(BrokerRefusal.LoginTurnedAway);
            return;
        }

        var decision = _authenticator.Authenticate(e.ClientId, e.UserName, e.Password);
        Logins.Done(turn, decision == ConnectDecision.Accepted);
        switch (decision)
        {
            case ConnectDecision.UnknownDevice:
                e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
                Refusals.Increment(BrokerRefusal.UnknownDevice);
                _logger.LogWarning("Refused CONNECT from unknown client {ClientId} at {Endpoint}", e.ClientId, e.RemoteEndPoint);
                break;
            case ConnectDecision.BadCredential:
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                Refusals.Increment(BrokerRefusal.BadCredential);
                _logger.LogWarning("Refused CONNECT from {ClientId} at {Endpoint}: bad user name or credential", e.ClientId, e.RemoteEndPoint);
                break;
        }
    }

    private Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        if (!string.IsNullOrEmpty(e.ClientId) && _authenticator.DeviceIds.Contains(e.ClientId))
        {
            Interlocked.Increment(ref _connectedDevices);
            e.SessionItems[PendingPubAcksItem] = new PendingPubAcks(); // per connection: a resumed session starts with no PUBACK owed
        }

        return Task.CompletedTask;
    }

    private async Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        if (!string.IsNullOrEmpty(e.ClientId) && _authenticator.DeviceIds.Contains(e.ClientId))
        {
            Interlocked.Decrement(ref _connectedDevices);
        }

        // A takeover is the same device on a new connection (which says online again); every other way out — a clean
        // DISCONNECT (no will), a lost connection, an expired keep-alive, the broker stopping — is stored as offline.
        if (e.DisconnectType == MqttClientDisconnectType.Takeover || string.IsNullOrEmpty(e.ClientId) || !_authenticator.DeviceIds.Contains(e.ClientId))
        {
            return;
        }

        var stored = await _ingest.StoreDisconnectAsync(e.ClientId).ConfigureAwait(false);
        if (stored.Outcome is not (IngestOutcome.Stored or IngestOutcome.Duplicate))
        {
            _logger.LogDebug("Could not store that {DeviceId} went offline: {Outcome} {Detail}", e.ClientId, stored.Outcome, stored.Detail);
        }
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        if (!DeviceAccessPolicy.MaySubscribe(e.ClientId, e.TopicFilter.Topic))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            Refusals.Increment(BrokerRefusal.SubscribeNotAllowed);
            _logger.LogWarning("Refused SUBSCRIBE by {ClientId} to {TopicFilter}", e.ClientId, e.TopicFilter.Topic);
        }

        return Task.CompletedTask;
    }

    private async Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId) || !_authenticator.DeviceIds.Contains(e.ClientId))
        {
            return; // injected by the gateway itself (task dispatch)
        }

        var pending = e.ApplicationMessage.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtLeastOnce ? e.SessionItems[PendingPubAcksItem] as PendingPubAcks : null;
        var deferred = await InterceptDevicePublishAsync(e, pending).ConfigureAwait(false);
        if (pending is not null && !e.CloseConnection)
        {
            pending.Add(deferred); // MQTTnet queues this publish's PUBACK next
        }
    }

    /// <summary>Handles a device publish; returns the ingest its PUBACK must wait for, or null when the PUBACK is decided here.</summary>
    private async Task<Task<IngestResult>?> InterceptDevicePublishAsync(InterceptingPublishEventArgs e, PendingPubAcks? pending)
    {
        var message = e.ApplicationMessage;
        if (!DeviceAccessPolicy.MayPublish(e.ClientId, message.Topic))
        {
            Refuse(e, MqttPubAckReasonCode.NotAuthorized, BrokerRefusal.PublishNotAllowed);
            return null;
        }

        if (!_rateLimiter.TryAcquire(e.ClientId))
        {
            Refuse(e, MqttPubAckReasonCode.QuotaExceeded, BrokerRefusal.RateLimited);
            return null;
        }

        var payload = message.Payload.ToArray();
        var ingest = _ingest.IngestAsync(e.ClientId, message.Topic, payload, e.CancellationToken);
        if (pending is { HasRoom: true } && !ingest.IsCompleted && IsRoutedNowhere(message.Topic) && e.SessionItems[ProtocolVersionItem] is MqttProtocolVersion.V500)
        {
            // Telemetry and results go nowhere else whatever the outcome, so the device's next publish need not wait for
            // this one's commit: its PUBACK does (OnInterceptingOutboundPacketAsync), and MQTTnet reads the next frame.
            e.ProcessPublish = false;
            return AfterCommitAsync(e.ClientId, ingest, payload);
        }

        var result = await ingest.ConfigureAwait(false);
        if (result.IsTransient)
        {
            e.ProcessPublish = false;
            if (e.SessionItems[ProtocolVersionItem] is MqttProtocolVersion.V500)
            {
                // The device sees why, keeps the frame and sends it again later.
                e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
                e.Response.ReasonString = $"{result.Outcome}: {result.Detail}";
            }
            else
            {
                // A 3.1.1 PUBACK would read as stored: no PUBACK, the device keeps the frame and sends it again on its next connection.
                e.CloseConnection = true;
            }

            return null;
        }

        e.ProcessPublish = false; // stored (or refused) here; no subscriber may receive it, so nothing to route or retain
        OnStored(e.ClientId, result, payload);
        e.Response.ReasonCode = PubAckReason(result);
        return null;
    }

    private async Task<IngestResult> AfterCommitAsync(string deviceId, Task<IngestResult> ingest, byte[] payload)
    {
        var result = await ingest.ConfigureAwait(false);
        OnStored(deviceId, result, payload);
        return result;
    }

    /// <summary>Sends a deferred PUBACK only once its publish's ingest is done, with the reason code it earned.</summary>
    private Task OnInterceptingOutboundPacketAsync(InterceptingPacketEventArgs e)
    {
        if (e.Packet is not MqttPubAckPacket ack || e.SessionItems[PendingPubAcksItem] is not PendingPubAcks pending
            || !pending.TryTake(out var ingest) || ingest is null)
        {
            return Task.CompletedTask;
        }

        return AcknowledgeAfterCommitAsync(ack, ingest);
    }

    private static async Task AcknowledgeAfterCommitAsync(MqttPubAckPacket ack, Task<IngestResult> ingest)
    {
        // A failed or cancelled ingest throws here: MQTTnet then drops this PUBACK, and the device sends the frame again.
        var result = await ingest.ConfigureAwait(false);
        ack.ReasonCode = PubAckReason(result);
        ack.ReasonString = result.IsTransient ? $"{result.Outcome}: {result.Detail}" : null;
    }

    private void OnStored(string deviceId, IngestResult result, byte[] payload)
    {
        if (result.IsDurable && result.Kind is { } storedKind)
        {
            DeviceMessageStored?.Invoke(new StoredDeviceMessage(deviceId, storedKind, payload));
        }
    }

    /// <summary>Telemetry and results: the messages whose PUBACK may wait for the commit on the sending loop.</summary>
    private static bool IsRoutedNowhere(string topic) =>
        topic.EndsWith(TelSuffix, StringComparison.Ordinal) || topic.EndsWith(ResSuffix, StringComparison.Ordinal);

    private static readonly string TelSuffix = "/" + ProtocolTopics.Segment(DeviceTopicKind.Tel);
    private static readonly string ResSuffix = "/" + ProtocolTopics.Segment(DeviceTopicKind.Res);

    private static MqttPubAckReasonCode PubAckReason(IngestResult result) =>
        result.IsDurable ? MqttPubAckReasonCode.Success
        : result.IsTransient || result.Outcome == IngestOutcome.PayloadTooLarge ? MqttPubAckReasonCode.QuotaExceeded
        : MqttPubAckReasonCode.PayloadFormatInvalid;

    private void Refuse(InterceptingPublishEventArgs e, MqttPubAckReasonCode code, BrokerRefusal refusal)
    {
        e.ProcessPublish = false;
        e.Response.ReasonCode = code;
        Refusals.Increment(refusal);
        _logger.LogWarning("Refused PUBLISH by {ClientId} on {Topic}: {Refusal}", e.ClientId, e.ApplicationMessage.Topic, refusal);
    }
}
