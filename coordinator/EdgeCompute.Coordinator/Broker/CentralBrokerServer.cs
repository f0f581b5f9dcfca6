using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Coordinator.Registry;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Decoding;
using EdgeCompute.Protocol.Mqtt.Guard;
using EdgeCompute.Protocol.Mqtt.Logins;
using EdgeCompute.Protocol.Tls;
using EdgeCompute.Protocol.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>
/// The central MQTT broker embedded in the coordinator (the default mode). It authenticates gateways against the
/// <see cref="FleetRegistry"/> (client id = user name = gateway id, broker password compared in constant time; a
/// revocation refuses the next CONNECT), enforces <see cref="GatewayAccessPolicy"/> and the batch message limit, and
/// intercepts <c>up</c> publishes in process: they go to <see cref="BatchIngestor"/> and are never routed to
/// subscribers. The signed ack is injected on the gateway's <c>ack</c> topic after the store commit; the QoS 1 PUBACK
/// goes when the interceptor returns (after the commit, which gives natural back-pressure; the end-to-end guarantee is
/// the signed ack, not the PUBACK). Retained <c>birth</c>/<c>state</c> are routed and kept by the broker.
/// </summary>
/// <remarks>
/// MQTTnet listens behind a <see cref="GuardedTcpServerAdapter"/>: a packet announcing more than
/// <see cref="CentralBrokerOptions.MaxPacketBytes"/> (a CONNECT more than <see cref="CentralBrokerOptions.MaxConnectPacketBytes"/>)
/// closes the connection before it is read, logged in or not; a connection without a whole CONNECT within
/// <see cref="CentralBrokerOptions.ConnectTimeout"/> is closed; an address that keeps failing to log in waits longer and
/// longer (<see cref="LoginThrottle"/>). With <see cref="CentralBrokerOptions.Tls"/> it listens with TLS only: a plain client or a
/// failed handshake is refused and counted (<see cref="BrokerRefusal.TlsNotTls"/>, <see cref="BrokerRefusal.TlsHandshakeFailed"/>),
/// and with a client CA a gateway whose certificate's CN is not its user name is refused (<see cref="BrokerRefusal.CertificateNotOfGateway"/>).
/// With an external broker use <see cref="ExternalBrokerIngest"/> instead.
/// </remarks>
public sealed class CentralBrokerServer : IAsyncDisposable
{
    /// <summary>The sender id of messages the coordinator injects (not a valid gateway id, so no gateway can pose as it).</summary>
    public const string CoordinatorSenderId = "$coordinator";

    private readonly MqttServer _server;
    private readonly GuardedTcpServerAdapter _listener;
    private readonly FleetRegistry _registry;
    private readonly BatchIngestor _ingestor;
    private readonly ILogger _logger;
    private readonly IGatewayPresenceSink? _presence;
    private readonly ConcurrentDictionary<BrokerRefusal, long> _refusals = new();
    private readonly ConcurrentDictionary<TlsRefusalReason, long> _tlsRefusals = new();
    private readonly bool _requireClientCertificate;
    private long _acksPublished;

    /// <summary>Creates the broker (not started).</summary>
    /// <param name="options">Endpoint and queue settings.</param>
    /// <param name="registry">Gateway credentials.</param>
    /// <param name="ingestor">Where <c>up</c> messages go.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="presence">Where gateway births and states go, if anywhere.</param>
    /// <param name="time">The clock of the login throttle; the system clock when null.</param>
    public CentralBrokerServer(CentralBrokerOptions options, FleetRegistry registry, BatchIngestor ingestor, ILogger<CentralBrokerServer>? logger = null,
        IGatewayPresenceSink? presence = null, TimeProvider? time = null)
    {
        _presence = presence;
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var guard = options.ToGuardOptions();
        Logins = new LoginThrottle(guard, time);
        var tls = CentralBrokerTls.Handshake(options.Tls);
        _requireClientCertificate = tls is not null && !string.IsNullOrEmpty(options.Tls.ClientCaFile);
        _listener = new GuardedTcpServerAdapter(new IPEndPoint(IPAddress.Parse(options.BindAddress), options.Port), guard, _logger, time, tls);
        _listener.ConnectionRefused += _ => Count(BrokerRefusal.PacketTooLarge);
        _listener.TlsRefused += refusal =>
        {
            Count(refusal.Reason == TlsRefusalReason.NotTls ? BrokerRefusal.TlsNotTls : BrokerRefusal.TlsHandshakeFailed);
            _tlsRefusals.AddOrUpdate(refusal.Reason, 1, (_, v) => v + 1);
        };
        var serverOptions = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultCommunicationTimeout(guard.ConnectTimeout) // MQTTnet waits this long for the whole CONNECT
            .WithMaxPendingMessagesPerClient(options.MaxPendingMessagesPerClient)
            .Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions, [_listener]);
        _server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        _server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
        _server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        _server.ClientDisconnectedAsync += OnClientDisconnectedAsync;
        _server.ClientConnectedAsync += OnClientConnectedAsync;
    }

    /// <summary>Gets whether the broker is started (listening for gateways).</summary>
    public bool IsStarted => _server.IsStarted;

    /// <summary>Gets the failed-login throttle.</summary>
    public LoginThrottle Logins { get; }

    /// <summary>Gets where the broker listens (after start; the chosen port when 0 was asked for).</summary>
    public IPEndPoint? LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>Gets how many acks were published.</summary>
    public long AcksPublished => Interlocked.Read(ref _acksPublished);

    /// <summary>Gets the count of one kind of refusal.</summary>
    /// <param name="refusal">The kind.</param>
    /// <returns>The count.</returns>
    public long Refusals(BrokerRefusal refusal) => _refusals.GetValueOrDefault(refusal);

    /// <summary>Gets how many TLS connections were refused for one reason (each also counted as <see cref="BrokerRefusal.TlsNotTls"/> or <see cref="BrokerRefusal.TlsHandshakeFailed"/>).</summary>
    /// <param name="reason">The reason.</param>
    /// <returns>The count.</returns>
    public long TlsRefusals(TlsRefusalReason reason) => _tlsRefusals.GetValueOrDefault(reason);

    /// <summary>Gets whether the broker listens with TLS.</summary>
    public bool UsesTls => _listener.UsesTls;

    /// <summary>Starts listening.</summary>
    /// <returns>A task that completes when listening.</returns>
    public Task StartAsync() => _server.StartAsync();

    /// <summary>Stops the broker and disconnects every gateway.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public Task StopAsync() => _server.StopAsync();

    /// <summary>Publishes a coordinator message (for example a task) to a gateway through the broker.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="cancellationToken">Cancels the injection.</param>
    /// <returns>A task that completes when the message is queued.</returns>
    public Task InjectAsync(string topic, byte[] payload, CancellationToken cancellationToken = default) =>
        _server.InjectApplicationMessage(
            new InjectedMqttApplicationMessage(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build())
            { SenderClientId = CoordinatorSenderId },
            cancellationToken);

    /// <summary>Reads the retained messages the broker keeps (gateway births and states).</summary>
    /// <returns>The retained messages.</returns>
    public async Task<IReadOnlyList<MqttApplicationMessage>> GetRetainedAsync() =>
        [.. await _server.GetRetainedMessagesAsync().ConfigureAwait(false)];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
    }

    private async Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var turn = await Logins.WaitTurnAsync((e.RemoteEndPoint as IPEndPoint)?.Address, e.CancellationToken).ConfigureAwait(false);
        if (turn.Waited)
        {
            Count(BrokerRefusal.LoginSlowed);
        }

        if (!turn.Admitted)
        {
            e.ReasonCode = MqttConnectReasonCode.ServerBusy;
            Count(BrokerRefusal.LoginTurnedAway);
            return;
        }

        var accepted = e.ClientId == e.UserName && _registry.CheckBrokerPassword(e.UserName, e.Password);
        var certificateRefusal = accepted && _requireClientCertificate ? CentralBrokerTls.CheckClientCertificate(e.ChannelAdapter.ClientCertificate, e.UserName) : null;
        Logins.Done(turn, accepted && certificateRefusal is null);
        if (certificateRefusal is not null)
        {
            e.ReasonCode = MqttConnectReasonCode.NotAuthorized;
            e.ReasonString = certificateRefusal;
            Count(BrokerRefusal.CertificateNotOfGateway);
            _logger.LogWarning("Refused CONNECT from {ClientId} at {Endpoint}: {Refusal}", e.ClientId, e.RemoteEndPoint, certificateRefusal);
        }
        else if (!accepted)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            Count(BrokerRefusal.BadCredentials);
            _logger.LogWarning("Refused CONNECT from {ClientId} (user {User}) at {Endpoint}", e.ClientId, e.UserName, e.RemoteEndPoint);
        }
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        if (!GatewayAccessPolicy.MaySubscribe(e.ClientId, e.TopicFilter.Topic))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            Count(BrokerRefusal.SubscribeNotAllowed);
            _logger.LogWarning("Refused SUBSCRIBE by {ClientId} to {Filter}", e.ClientId, e.TopicFilter.Topic);
        }

        return Task.CompletedTask;
    }

    private async Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.ClientId == CoordinatorSenderId)
        {
            return;
        }

        var message = e.ApplicationMessage;
        if (!GatewayAccessPolicy.MayPublish(e.ClientId, message.Topic))
        {
            Refuse(e, MqttPubAckReasonCode.NotAuthorized, BrokerRefusal.PublishNotAllowed);
            return;
        }

        if (message.Payload.Length > ProtocolLimits.MaxBatchMessageBytes)
        {
            Refuse(e, MqttPubAckReasonCode.QuotaExceeded, BrokerRefusal.PayloadTooLarge);
            return;
        }

        if (message.Topic != ProtocolTopics.Gateway(e.ClientId, GatewayTopicKind.Up))
        {
            ReportPresence(e.ClientId, message); // birth and state: routed and retained as sent
            return;
        }

        e.ProcessPublish = false;
        var result = await _ingestor.IngestAsync(message.Topic, message.Payload.ToArray(), e.CancellationToken).ConfigureAwait(false);
        e.Response.ReasonCode = result.Ack is not null ? MqttPubAckReasonCode.Success : MqttPubAckReasonCode.UnspecifiedError;
        if (result.Ack is { } ack)
        {
            await InjectAsync(ProtocolTopics.Gateway(ack.GatewayId, GatewayTopicKind.Ack), CoordinatorAckCodec.Encode(ack), e.CancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _acksPublished);
        }
    }

    private Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        if (e.ClientId != CoordinatorSenderId)
        {
            _logger.LogDebug("Gateway {GatewayId} connected from {Endpoint}", e.ClientId, e.RemoteEndPoint);
        }

        return Task.CompletedTask;
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        if (e.ClientId != CoordinatorSenderId && _registry.FindGateway(e.ClientId, out _) == RegistryLookup.Found)
        {
            _logger.LogDebug("Gateway {GatewayId} session ended ({How}{Reason})", e.ClientId, e.DisconnectType, string.IsNullOrEmpty(e.ReasonString) ? "" : ": " + e.ReasonString);
            _presence?.GatewayState(e.ClientId, false);
        }

        return Task.CompletedTask;
    }

    private void ReportPresence(string gatewayId, MqttApplicationMessage message)
    {
        if (_presence is not null && ProtocolTopics.TryParse(message.Topic, out var address))
        {
            GatewayPresence.Report(_presence, gatewayId, address.GatewayKind, message.Payload.ToArray(), _logger);
        }
    }

    private void Refuse(InterceptingPublishEventArgs e, MqttPubAckReasonCode code, BrokerRefusal refusal)
    {
        e.ProcessPublish = false;
        e.Response.ReasonCode = code;
        Count(refusal);
        _logger.LogWarning("Refused PUBLISH by {ClientId} on {Topic}: {Refusal}", e.ClientId, e.ApplicationMessage.Topic, refusal);
    }

    private void Count(BrokerRefusal refusal) => _refusals.AddOrUpdate(refusal, 1, (_, v) => v + 1);
}
