using System.Buffers;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EdgeCompute.Firmware.Core.Agent;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tls;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Adapter;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Firmware.Simulator.Transport;

/// <summary>
/// The agent's <see cref="IDeviceTransport"/> over an MQTTnet 5 client, as the ESP32's M2Mqtt glue does it: MQTT 5,
/// client id and user name = device id, password = <see cref="DeviceCredential.Derive"/> of the key, will
/// <c>offline</c> (QoS 1, retained) on the state topic, subscription to the task topic. It reconnects by itself with
/// exponential backoff and jitter, timed by the <see cref="TimeProvider"/>, and tells its listener after each connect.
/// </summary>
/// <remarks>
/// <see cref="PublishAsync"/> sends at QoS 1 and completes when the PUBACK arrives or
/// <see cref="MqttDeviceTransportOptions.PublishTimeout"/> passes (false then, so the agent keeps the frame in its ring),
/// holding no thread meanwhile; <see cref="Publish"/> is the same, blocking. Receiving and reconnecting are asynchronous
/// and need no thread of their own.
/// </remarks>
public sealed class MqttDeviceTransport : IDeviceLink
{
    private readonly MqttDeviceTransportOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _clientOptions;
    private readonly DeviceTopics _topics;
    private readonly ReconnectBackoff _backoff;
    private readonly ServerCertificateCheck? _tls;
    private readonly PublishDeadlines _deadlines;
    private string? _lastConnectFailure;
    private TlsRefusal? _lastRefusal;
    private readonly CancellationTokenSource _stopping = new();
    private IDeviceLinkListener? _listener;
    private volatile bool _connected;
    private volatile bool _disposed;
    private int _reconnecting;
    private Task _reconnectLoop = Task.CompletedTask;
    private long _connectAttempts;
    private long _connections;
    private long _publishFailures;

    /// <summary>Creates a transport; nothing is sent before <see cref="ConnectAsync"/>.</summary>
    /// <param name="options">The settings (validated here).</param>
    /// <param name="timeProvider">Times the reconnect backoff.</param>
    /// <param name="logger">Receives connection events; none when null.</param>
    /// <exception cref="ArgumentException">An option is invalid; the message names it.</exception>
    public MqttDeviceTransport(MqttDeviceTransportOptions options, TimeProvider timeProvider, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? NullLogger.Instance;
        _topics = options.Topics ?? new DeviceTopics(options.DeviceId);
        _deadlines = PublishDeadlines.For(options.PublishTimeout);
        _backoff = new ReconnectBackoff(options.InitialReconnectDelay, options.MaxReconnectDelay, options.ReconnectJitter, options.JitterSeed);
        _tls = options.UseTls ? new ServerCertificateCheck(options.Host, options.Port, options.TrustedCa, options.TrustSource) : null;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithProtocolVersion(options.Mqtt311 ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500)
            .WithClientId(options.DeviceId)
            .WithCredentials(options.DeviceId, DeviceCredential.Derive(options.Key!))
            .WithCleanStart(true)
            .WithKeepAlivePeriod(options.KeepAlive)
            .WithTimeout(options.ConnectTimeout)
            .WithWillTopic(_topics.State)
            .WithWillPayload("offline"u8.ToArray())
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithWillRetain(true);
        if (_tls is { } check)
        {
            builder = builder.WithTlsOptions(o => o.UseTls()
                .WithTargetHost(options.Host)
                .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithRevocationMode(X509RevocationMode.NoCheck)
                .WithCertificateValidationHandler(e => check.Validate(null, e.Certificate, e.Chain, e.SslPolicyErrors)));
        }

        _clientOptions = builder.Build();
        _clientOptions.WriterBufferSize = 256;
        _clientOptions.WriterBufferSizeMax = 8192;
        if (_clientOptions.ChannelOptions is MqttClientTcpOptions tcp)
        {
            tcp.BufferSize = 1024;
        }
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
    }

    /// <summary>Gets the device id.</summary>
    public string DeviceId => _options.DeviceId;

    /// <inheritdoc/>
    public bool IsConnected => _connected && _client.IsConnected;

    /// <inheritdoc/>
    public long ConnectAttempts => Interlocked.Read(ref _connectAttempts);

    /// <summary>Gets how many connection attempts succeeded.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>
    /// Gets why the last connection attempt failed, in one line (a TLS refusal such as an untrusted or expired gateway
    /// certificate, a broker that refused the login, a TLS port that hung up on a plain client); null after a success.
    /// </summary>
    public string? LastConnectFailure => Volatile.Read(ref _lastConnectFailure);

    /// <summary>Gets the last attempt's failure when TLS caused it (a certificate refused, TLS on one side only); null otherwise.</summary>
    public TlsRefusal? LastConnectRefusal => Volatile.Read(ref _lastRefusal);

    /// <summary>Gets how many publishes failed or timed out.</summary>
    public long PublishFailures => Interlocked.Read(ref _publishFailures);

    /// <inheritdoc/>
    public void Bind(IDeviceLinkListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (Interlocked.CompareExchange(ref _listener, listener, null) is not null)
        {
            throw new InvalidOperationException("the transport is already bound to a listener");
        }
    }

    /// <inheritdoc/>
    public async Task<bool> ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (await TryConnectOnceAsync(cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        StartReconnectLoop();
        return false;
    }

    /// <inheritdoc/>
    public bool Publish(string topic, byte[] payload, int offset, int count, bool retain) =>
        PublishAsync(topic, payload, offset, count, retain).GetAwaiter().GetResult();

    /// <inheritdoc/>
    /// <remarks>A payload that fills its whole array is sent without a copy.</remarks>
    public async Task<bool> PublishAsync(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (!IsConnected || _disposed)
        {
            return false;
        }

        var bytes = offset == 0 && count == payload.Length ? payload : payload.AsSpan(offset, count).ToArray();
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(bytes)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        try
        {
            // MQTTnet waits for the PUBACK as long as the token lets it; a closed client fails the wait at once.
            var result = await _client.PublishAsync(message, _deadlines.Next()).ConfigureAwait(false);
            if (result.ReasonCode is MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers)
            {
                return true;
            }

            Interlocked.Increment(ref _publishFailures);
            _logger.LogWarning("{DeviceId}: broker refused a publish to {Topic}: {ReasonCode}", DeviceId, topic, result.ReasonCode);
            return false;
        }
        catch (Exception e) when (e is OperationCanceledException or MqttCommunicationException or InvalidOperationException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _publishFailures);
            return false;
        }
    }

    /// <inheritdoc/>
    public void DropConnection()
    {
        if (_disposed || !_connected)
        {
            return;
        }

        _connected = false;
        _ = DropAsync();
    }

    /// <summary>Stops reconnecting and closes the session cleanly (no will).</summary>
    /// <returns>A task that completes when the client is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connected = false;
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reconnectLoop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }

        try
        {
            if (_client.IsConnected)
            {
                using var timeout = new CancellationTokenSource(_options.ConnectTimeout);
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            _logger.LogDebug(e, "{DeviceId}: disconnect at shutdown failed", DeviceId);
        }

        _client.Dispose();
        _stopping.Dispose();
    }

    private async Task<bool> TryConnectOnceAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connectAttempts);
        _tls?.Reset();
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
            var result = await _client.ConnectAsync(_clientOptions, linked.Token).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Failed($"{Peer} refused the connection: {result.ResultCode}", null);
                _logger.LogWarning("{DeviceId}: broker refused the connection: {ResultCode}", DeviceId, result.ResultCode);
                return false;
            }

            var subscribe = new MqttClientSubscribeOptionsBuilder()
                .WithTopicFilter(_topics.Task, MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            var subscribed = await _client.SubscribeAsync(subscribe, linked.Token).ConfigureAwait(false);
            foreach (var item in subscribed.Items)
            {
                if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
                {
                    _logger.LogWarning("{DeviceId}: broker refused the task subscription: {ResultCode}", DeviceId, item.ResultCode);
                }
            }

            _connected = true;
            Failed(null, null);
            Interlocked.Increment(ref _connections);
            _logger.LogDebug("{DeviceId}: connected to {Host}:{Port}", DeviceId, _options.Host, _options.Port);
            _listener?.OnConnected();
            return true;
        }
        catch (MqttConnectingFailedException e) when (_tls is null && e.InnerException is MqttCommunicationException)
        {
            // The broker hung up on CONNECT without a CONNACK: what a TLS-only port does to a plain client.
            var hungUp = TlsClientFailure.PlainClientHungUp(Peer);
            Failed(hungUp.Message, hungUp);
            _logger.LogDebug("{DeviceId}: {Host}:{Port} closed the connection without answering CONNECT: {Message}", DeviceId, _options.Host, _options.Port, e.Message);
            return false;
        }
        catch (MqttConnectingFailedException e) when (_tls is not null)
        {
            // In TLS: a refused certificate on either side, or a server that hung up right after the handshake.
            var refusal = TlsClientFailure.Describe(e, _tls)
                ?? (e.InnerException is MqttCommunicationException ? TlsClientFailure.ClosedAfterHandshake(_tls) : null);
            Failed(refusal?.Message ?? $"{Peer} refused the connection: {e.Message}", refusal);
            _logger.LogDebug("{DeviceId}: connect to {Host}:{Port} failed: {Message}", DeviceId, _options.Host, _options.Port, refusal?.Message ?? e.Message);
            return false;
        }
        catch (MqttConnectingFailedException e)
        {
            Failed($"{Peer} refused the connection: {e.Message}", null);
            _logger.LogWarning("{DeviceId}: broker refused the connection: {Message}", DeviceId, e.Message);
            return false;
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            if (_stopping.IsCancellationRequested)
            {
                return false;
            }

            var tls = _tls is null ? null : TlsClientFailure.Describe(e, _tls);
            Failed(tls?.Message ?? $"connecting to {Peer} failed: {Innermost(e).Message}", tls);
            _logger.LogDebug("{DeviceId}: connect to {Host}:{Port} failed: {Message}", DeviceId, _options.Host, _options.Port, tls?.Message ?? e.Message);
            return false;
        }
    }

    private void Failed(string? failure, TlsRefusal? refusal)
    {
        Volatile.Write(ref _lastRefusal, refusal);
        Volatile.Write(ref _lastConnectFailure, failure);
    }

    private string Peer => _options.Host.Contains(':', StringComparison.Ordinal) ? $"[{_options.Host}]:{_options.Port}" : $"{_options.Host}:{_options.Port}";

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }

    private void StartReconnectLoop()
    {
        if (_disposed || Interlocked.CompareExchange(ref _reconnecting, 1, 0) != 0)
        {
            return;
        }

        _reconnectLoop = Task.Run(ReconnectLoopAsync);
    }

    private async Task ReconnectLoopAsync()
    {
        try
        {
            for (var attempt = 0; !_disposed; attempt++)
            {
                await Task.Delay(_backoff.Delay(attempt), _timeProvider, _stopping.Token).ConfigureAwait(false);
                if (await TryConnectOnceAsync(_stopping.Token).ConfigureAwait(false))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed while waiting.
        }
        finally
        {
            Volatile.Write(ref _reconnecting, 0);
        }
    }

    private async Task DropAsync()
    {
        try
        {
            // MQTT 5 reason 0x04: the broker publishes the will, as after a lost link (3.1.1 has no such reason).
            var options = _options.Mqtt311
                ? new MqttClientDisconnectOptions()
                : new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.DisconnectWithWillMessage).Build();
            await _client.DisconnectAsync(options, _stopping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            _logger.LogDebug("{DeviceId}: dropping the link failed: {Message}", DeviceId, e.Message);
            StartReconnectLoop();
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        _connected = false;
        if (e.ClientWasConnected && !_disposed)
        {
            _logger.LogDebug("{DeviceId}: disconnected: {Reason}", DeviceId, e.Reason);
            StartReconnectLoop();
        }

        return Task.CompletedTask;
    }

    private Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        if (string.Equals(message.Topic, _topics.Task, StringComparison.Ordinal))
        {
            var payload = message.Payload.ToArray();
            _listener?.OnTaskMessage(payload, 0, payload.Length);
        }

        return Task.CompletedTask;
    }
}
