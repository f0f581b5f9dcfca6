using System.Buffers;
using System.Threading.Channels;
using EdgeCompute.Coordinator.Ingest;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Tls;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Protocol.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Coordinator.Broker;

/// <summary>
/// The external-broker mode: an MQTT 5 client subscribed to <c>$share/{group}/ec/v1/g/+/up</c>, so several coordinator
/// replicas split the gateways' batches. Each message is ingested inside the receive handler, so its PUBACK goes to
/// the broker only after the commit; the signed ack is then published on the gateway's <c>ack</c> topic. The broker
/// enforces who may publish what (<see cref="MosquittoConfigWriter"/> writes its files). After a connection loss the
/// client reconnects with exponential backoff and jitter (<see cref="ExternalBrokerOptions.ReconnectDelay"/> doubling up
/// to <see cref="ExternalBrokerOptions.MaxReconnectDelay"/>); messages the broker sent meanwhile to other replicas are
/// theirs, and any batch left unacked is resent by its gateway. With <see cref="ExternalBrokerOptions.ShareNodeEvents"/>
/// the node events of each stored batch are republished on <see cref="ProtocolTopics.CoordinatorNodes"/> and the other replicas'
/// are applied (subscribed with MQTT 5 No Local, so a replica never receives its own). With
/// <see cref="ExternalBrokerOptions.UseTls"/> the broker's certificate must chain to <see cref="ExternalBrokerOptions.CaFile"/>
/// and name the host; a TLS refusal fails the connection with one line naming its cause.
/// </summary>
public sealed class ExternalBrokerIngest : IAsyncDisposable
{
    private readonly ExternalBrokerOptions _options;
    private readonly BatchIngestor _ingestor;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly IGatewayPresenceSink? _presence;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ReconnectBackoff _backoff;
    private readonly ServerCertificateCheck? _tls;
    private readonly Channel<bool> _connectionLost = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _acksPublished;
    private long _relaysPublished;
    private long _connectAttempts;
    private long _reconnects;
    private bool _ready;
    private long _reconnectFailures;
    private long _reconnectDueMs = -1;
    private Task _reconnectLoop = Task.CompletedTask;
    private string _lostReason = string.Empty;

    /// <summary>Creates the client (not connected).</summary>
    /// <param name="options">Broker address and credentials.</param>
    /// <param name="ingestor">Where <c>up</c> messages go.</param>
    /// <param name="time">The clock (reconnection delay).</param>
    /// <param name="logger">The logger.</param>
    /// <param name="presence">Where gateway births and states go; when set, the client also subscribes (not shared: every
    /// replica needs every gateway) to <c>ec/v1/g/+/birth</c> and <c>ec/v1/g/+/state</c>.</param>
    /// <param name="random">The reconnect jitter's random source (seeded in tests).</param>
    /// <exception cref="ArgumentException">A setting is invalid; the message names it.</exception>
    public ExternalBrokerIngest(ExternalBrokerOptions options, BatchIngestor ingestor, TimeProvider? time = null, ILogger<ExternalBrokerIngest>? logger = null,
        IGatewayPresenceSink? presence = null, Random? random = null)
    {
        _presence = presence;
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (new ExternalBrokerOptionsValidator().Validate(null, options) is { Failed: true } invalid)
        {
            throw new ArgumentException("external broker settings: " + invalid.FailureMessage, nameof(options));
        }

        _backoff = new ReconnectBackoff(options.ReconnectDelay, options.MaxReconnectDelay, options.ReconnectJitter, random ?? new Random());
        _tls = options.UseTls
            ? new ServerCertificateCheck(options.Host, options.Port, string.IsNullOrEmpty(options.CaFile) ? null : TlsFiles.ReadTrust(options.CaFile), string.IsNullOrEmpty(options.CaFile) ? null : $"the CA in {options.CaFile}")
            : null;
        _ingestor = ingestor ?? throw new ArgumentNullException(nameof(ingestor));
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    /// <summary>Gets how many acks were published.</summary>
    public long AcksPublished => Interlocked.Read(ref _acksPublished);

    /// <summary>Gets how many node-events messages were shared with the other replicas.</summary>
    public long RelaysPublished => Interlocked.Read(ref _relaysPublished);

    /// <summary>Gets how many connection attempts were made (the first included).</summary>
    public long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    /// <summary>Gets how many times the client reconnected after losing the broker.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Gets how many reconnection attempts failed.</summary>
    public long ReconnectFailures => Interlocked.Read(ref _reconnectFailures);

    /// <summary>Gets when the next reconnection attempt is due, on the client's clock; null unless it is waiting for one.</summary>
    public DateTimeOffset? ReconnectDueAt => Interlocked.Read(ref _reconnectDueMs) is var due and >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(due) : null;

    /// <summary>Gets whether the client is connected (it may still be subscribing; see <see cref="IsReady"/>).</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Gets whether the client is connected and holds all its subscriptions, i.e. takes batches.</summary>
    public bool IsReady => Volatile.Read(ref _ready) && _client.IsConnected;

    /// <summary>Connects and subscribes.</summary>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>A task that completes when subscribed.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await ConnectAndSubscribeAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _ready, true);
        if (_reconnectLoop.IsCompleted)
        {
            _reconnectLoop = Task.Run(ReconnectLoopAsync, CancellationToken.None);
        }
    }

    /// <summary>Publishes a coordinator message (a signed task) with QoS 1.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The payload.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    /// <returns>A task that completes when the broker acknowledged it.</returns>
    public async Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken = default)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _reconnectLoop.ConfigureAwait(false);
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }

        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (ProtocolTopics.TryParseCoordinatorNodes(message.Topic, out _))
        {
            _ingestor.ApplyRelayedNodeEvents(message.Topic, message.Payload.ToArray());
            return;
        }

        if (ProtocolTopics.TryParse(message.Topic, out var address) && address.Role == TopicRole.Gateway && address.GatewayKind != GatewayTopicKind.Up)
        {
            GatewayPresence.Report(_presence, address.Id, address.GatewayKind, message.Payload.ToArray(), _logger);
            return;
        }

        var result = await _ingestor.IngestAsync(message.Topic, message.Payload.ToArray(), _stopping.Token).ConfigureAwait(false);
        if (result.Ack is not { } ack)
        {
            return;
        }

        var ackMessage = new MqttApplicationMessageBuilder().WithTopic(ProtocolTopics.Gateway(ack.GatewayId, GatewayTopicKind.Ack))
            .WithPayload(CoordinatorAckCodec.Encode(ack)).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        await _client.PublishAsync(ackMessage, _stopping.Token).ConfigureAwait(false);
        Interlocked.Increment(ref _acksPublished);
        if (_options.ShareNodeEvents && result.NodeEvents is { } nodeEvents)
        {
            await ShareNodeEventsAsync(ack.GatewayId, nodeEvents).ConfigureAwait(false);
        }
    }

    private async Task ShareNodeEventsAsync(string gatewayId, byte[] nodeEvents)
    {
        try
        {
            await PublishAsync(ProtocolTopics.CoordinatorNodes(gatewayId), nodeEvents, _stopping.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _relaysPublished);
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // The batch is stored and acked; the other replicas learn this gateway's nodes from its next batch.
            _logger.LogWarning(ex, "Could not share the node events of a {Gateway} batch with the other replicas", gatewayId);
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (e.ClientWasConnected)
        {
            // The session is gone: wake the reconnection loop (one loop, so a loss during a reconnection never starts a
            // second one; a wake-up that arrives while it works makes it look again once it is done).
            Volatile.Write(ref _ready, false);
            _lostReason = e.Reason.ToString();
            _connectionLost.Writer.TryWrite(true);
        }

        return Task.CompletedTask;
    }

    private async Task ReconnectLoopAsync()
    {
        try
        {
            while (await _connectionLost.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                _connectionLost.Reader.TryRead(out _);
                if (!IsReady)
                {
                    await ReconnectAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // disposed
        }
    }

    private async Task ReconnectAsync()
    {
        _backoff.Reset();
        while (true)
        {
            var delay = _backoff.Next();
            _logger.LogWarning("Lost the external broker ({Reason}); reconnection attempt {Attempt} in {DelaySeconds:0.0} s", _lostReason, _backoff.Failures, delay.TotalSeconds);
            Interlocked.Exchange(ref _reconnectDueMs, (_time.GetUtcNow() + delay).ToUnixTimeMilliseconds());
            try
            {
                await Task.Delay(delay, _time, _stopping.Token).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref _reconnectDueMs, -1);
            }

            try
            {
                await ConnectAndSubscribeAsync(_stopping.Token).ConfigureAwait(false);
                Interlocked.Increment(ref _reconnects);
                Volatile.Write(ref _ready, true);
                _logger.LogInformation("Reconnected to the external broker after {Attempts} attempts", _backoff.Failures);
                return;
            }
            catch (Exception ex) when (!_stopping.IsCancellationRequested)
            {
                // Refused, unreachable, timed out (MQTTnet may report a timeout as a cancellation): try again later.
                Interlocked.Increment(ref _reconnectFailures);
                _logger.LogWarning(ex, "Reconnection to the external broker failed");
            }
        }
    }

    private async Task ConnectAndSubscribeAsync(CancellationToken cancellationToken)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.ClientId)
            .WithCredentials(_options.UserName, _options.Password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(_options.Timeout);
        if (_tls is { } check)
        {
            check.Reset();
            builder = builder.WithTlsOptions(o => o.UseTls()
                .WithTargetHost(check.Host)
                .WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13)
                .WithRevocationMode(System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck)
                .WithCertificateValidationHandler(e => check.Validate(null, e.Certificate, e.Chain, e.SslPolicyErrors)));
        }

        var options = builder.Build();
        // A retry after a refused subscription finds the client still connected: it subscribes again without reconnecting.
        if (!_client.IsConnected)
        {
            Interlocked.Increment(ref _connectAttempts);
            MqttClientConnectResult connected;
            try
            {
                connected = await _client.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (_tls is not null && TlsClientFailure.Describe(e, _tls) is { } refusal)
            {
                throw new InvalidOperationException($"external broker {_options.Host}:{_options.Port}: {refusal.Message}", e);
            }

            if (connected.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"external broker {_options.Host}:{_options.Port} refused the coordinator: {connected.ResultCode} {connected.ReasonString}");
            }
        }

        var filter = ProtocolTopics.SharedGatewayFilter(GatewayTopicKind.Up, _options.ShareGroup);
        var subscribed = await _client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
        var code = subscribed.Items.Single().ResultCode;
        if (code != MqttClientSubscribeResultCode.GrantedQoS1)
        {
            throw new InvalidOperationException($"external broker refused the subscription to {filter}: {code}");
        }

        if (_options.ShareNodeEvents)
        {
            var relay = new MqttTopicFilterBuilder().WithTopic(ProtocolTopics.CoordinatorNodesFilter).WithAtLeastOnceQoS().WithNoLocal(true).Build();
            var relayed = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(relay).Build(), cancellationToken).ConfigureAwait(false);
            if (relayed.Items.Single().ResultCode != MqttClientSubscribeResultCode.GrantedQoS1)
            {
                throw new InvalidOperationException(
                    $"external broker refused the subscription to {ProtocolTopics.CoordinatorNodesFilter}: {relayed.Items.Single().ResultCode} (the coordinator user needs 'topic readwrite ec/v1/c/#')");
            }
        }

        if (_presence is not null)
        {
            foreach (var kind in (GatewayTopicKind[])[GatewayTopicKind.Birth, GatewayTopicKind.State])
            {
                var presence = ProtocolTopics.GatewayFilter(kind);
                var granted = await _client.SubscribeAsync(presence, MqttQualityOfServiceLevel.AtLeastOnce, cancellationToken).ConfigureAwait(false);
                if (granted.Items.Single().ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1))
                {
                    throw new InvalidOperationException($"external broker refused the subscription to {presence}: {granted.Items.Single().ResultCode}");
                }
            }
        }
    }
}
