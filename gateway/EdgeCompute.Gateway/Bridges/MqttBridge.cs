using System.Buffers;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using EdgeCompute.Protocol.Transport;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Bridges;

/// <summary>
/// What the MQTT bridges share: the bounded event queue, one MQTT client to the bridge's broker, and one loop that
/// connects (backoff, credentials from files, TLS), lets the bridge announce itself, and hands it queued events only
/// while connected. While the broker is down, slow or refusing the credentials, events wait in the queue and the oldest
/// are dropped (counted); nothing here can reach the outbox, the uplink or the device broker.
/// </summary>
public abstract class MqttBridge : IGatewayBridge
{
    private readonly BridgeQueue _queue;
    private readonly Channel<Func<CancellationToken, Task>> _control = Channel.CreateUnbounded<Func<CancellationToken, Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private IMqttClient? _client;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private BridgeContext? _context;
    private ILogger? _logger;
    private bool _disposed;

    /// <summary>Creates the bridge (not started).</summary>
    /// <param name="name">The bridge's name.</param>
    /// <param name="enabled">Whether its options turn it on.</param>
    /// <param name="broker">Its broker; may be null when <paramref name="enabled"/> is false.</param>
    protected MqttBridge(string name, bool enabled, BridgeBrokerOptions? broker)
    {
        Name = name;
        IsEnabled = enabled;
        Broker = broker ?? new BridgeBrokerOptions();
        _queue = new BridgeQueue(Math.Max(1, Broker.QueueCapacity), Counters);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool IsEnabled { get; }

    /// <inheritdoc />
    public BridgeCounters Counters { get; } = new();

    /// <summary>Gets the broker settings.</summary>
    protected BridgeBrokerOptions Broker { get; }

    /// <summary>Gets the gateway the bridge runs in (after <see cref="StartAsync"/>).</summary>
    protected BridgeContext Context => _context ?? throw new InvalidOperationException("the bridge is not started");

    /// <summary>Gets the bridge's logger (after <see cref="StartAsync"/>).</summary>
    protected ILogger Logger => _logger ?? throw new InvalidOperationException("the bridge is not started");

    /// <summary>Gets whether the client is connected now.</summary>
    protected bool IsConnected => _client?.IsConnected == true;

    /// <inheritdoc />
    public void Post(BridgeEvent bridgeEvent)
    {
        if (bridgeEvent is not null && !_disposed)
        {
            _queue.Post(bridgeEvent);
        }
    }

    /// <inheritdoc />
    public Task StartAsync(BridgeContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_context is not null)
        {
            return Task.CompletedTask;
        }

        _context = context;
        _logger = context.LoggerFactory.CreateLogger(GetType());
        OnStarting();
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += _ =>
        {
            Counters.SetConnected(false);
            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += e =>
        {
            OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Stops the loop; when connected, lets the bridge say goodbye (<see cref="OnStoppingAsync"/>) and disconnects.</summary>
    /// <returns>Completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _queue.Complete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        if (_client is { IsConnected: true } client)
        {
            using var timeout = new CancellationTokenSource(Broker.OperationTimeout);
            try
            {
                await OnStoppingAsync(timeout.Token).ConfigureAwait(false);
                await client.DisconnectAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
            {
                Logger.LogDebug(e, "Bridge {Bridge}: the goodbye to its broker was not clean", Name);
            }
        }

        _client?.Dispose();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Called once before the loop starts (read state files, build tables).</summary>
    protected virtual void OnStarting()
    {
    }

    /// <summary>The will to register on every connect; null for none. Called before each connect.</summary>
    /// <returns>The will.</returns>
    protected abstract BridgeWill? NextWill();

    /// <summary>The topic filters to subscribe to after each connect (commands); none by default.</summary>
    /// <returns>The filters.</returns>
    protected virtual IReadOnlyList<string> Subscriptions() => [];

    /// <summary>Announces the bridge on a new session (births, discovery, availability).</summary>
    /// <param name="cancellationToken">Cancels on stop.</param>
    /// <returns>Whether the announcement was published; false drops the session and tries again later.</returns>
    protected abstract Task<bool> OnConnectedAsync(CancellationToken cancellationToken);

    /// <summary>Republishes one event; called on the loop only, only while connected.</summary>
    /// <param name="bridgeEvent">The event.</param>
    /// <param name="cancellationToken">Cancels on stop.</param>
    /// <returns>Completes when handled.</returns>
    protected abstract Task HandleAsync(BridgeEvent bridgeEvent, CancellationToken cancellationToken);

    /// <summary>A message arrived on a subscription; runs on the client's thread: queue work with <see cref="RunOnLoop"/>.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The payload.</param>
    protected virtual void OnMessage(string topic, byte[] payload)
    {
    }

    /// <summary>Says goodbye before an intentional disconnect (the will is not sent then).</summary>
    /// <param name="cancellationToken">Bounds the goodbye.</param>
    /// <returns>Completes when sent.</returns>
    protected virtual Task OnStoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs <paramref name="work"/> on the loop, before the next queued event, when connected.</summary>
    /// <param name="work">The work.</param>
    protected void RunOnLoop(Func<CancellationToken, Task> work) => _control.Writer.TryWrite(work);

    /// <summary>Publishes one message within the operation timeout; counts the outcome; never throws for a broker failure.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="payload">The payload (empty with retain clears a retained message).</param>
    /// <param name="retain">The retain flag.</param>
    /// <param name="atLeastOnce">QoS 1 when true, else QoS 0.</param>
    /// <param name="cancellationToken">Cancels on stop.</param>
    /// <returns>Whether the broker took it.</returns>
    protected async Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, bool atLeastOnce, CancellationToken cancellationToken)
    {
        if (_client is not { IsConnected: true } client)
        {
            Counters.OnPublishFailed();
            return false;
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(atLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce)
            .WithRetainFlag(retain)
            .Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Broker.OperationTimeout);
        try
        {
            var result = await client.PublishAsync(message, timeout.Token).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                Counters.OnPublished();
                return true;
            }

            Logger.LogWarning("Bridge {Bridge}: its broker refused a message on {Topic}: {Reason}", Name, topic, result.ReasonCode);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            Logger.LogDebug(e, "Bridge {Bridge}: publishing on {Topic} failed", Name, topic);
        }

        Counters.OnPublishFailed();
        return false;
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var backoff = new ReconnectBackoff(Broker.BackoffInitial, Broker.BackoffMax, 0.5, new Random());
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (_client is not { IsConnected: true })
                {
                    if (!await ConnectAsync(stop).ConfigureAwait(false))
                    {
                        var delay = backoff.Next();
                        Logger.LogInformation("Bridge {Bridge}: broker {Host}:{Port} not reachable; attempt {Attempt} again in {Delay} ({Counters})", Name, Broker.Host, Broker.Port, backoff.Failures, delay, Counters);
                        await Task.Delay(delay, Context.Time, stop).ConfigureAwait(false);
                        continue;
                    }

                    backoff.Reset();
                }

                await DrainAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or TimeoutException or OperationCanceledException or IOException)
            {
                Logger.LogWarning(e, "Bridge {Bridge}: iteration failed; carrying on", Name);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // A bug in a bridge must not end its loop silently, and can never reach the gateway's data path.
                Logger.LogError(e, "Bridge {Bridge}: iteration failed unexpectedly; carrying on", Name);
                await Task.Delay(Broker.BackoffInitial, Context.Time, stop).ConfigureAwait(false);
            }
        }
    }

    private async Task DrainAsync(CancellationToken stop)
    {
        var disconnected = _disconnected.Task;
        while (_client is { IsConnected: true } && !stop.IsCancellationRequested)
        {
            while (_control.Reader.TryRead(out var work))
            {
                await work(stop).ConfigureAwait(false);
            }

            if (_queue.Reader.TryRead(out var next))
            {
                await HandleAsync(next, stop).ConfigureAwait(false);
                continue;
            }

            var events = _queue.Reader.WaitToReadAsync(stop).AsTask();
            var control = _control.Reader.WaitToReadAsync(stop).AsTask();
            var done = await Task.WhenAny(events, control, disconnected).ConfigureAwait(false);
            if (done == events && !await events.ConfigureAwait(false))
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false); // completed: only stopping is left
            }
        }
    }

    private async Task<bool> ConnectAsync(CancellationToken stop)
    {
        var client = _client!;
        _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(Broker.Host, Broker.Port)
            .WithClientId(string.IsNullOrEmpty(Broker.ClientId) ? $"edgecompute-{Name}-{Context.GatewayId}" : Broker.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(Broker.KeepAlive)
            .WithTimeout(Broker.OperationTimeout);
        try
        {
            if (!string.IsNullOrEmpty(Broker.UserName))
            {
                builder = builder.WithCredentials(Broker.UserName, ReadPassword());
            }

            if (Broker.UseTls)
            {
                builder = builder.WithTlsOptions(ConfigureTls);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            Counters.OnConnectFailed();
            Logger.LogError("Bridge {Bridge}: cannot read its broker credentials or TLS files: {Reason}", Name, e.Message);
            return false;
        }

        if (NextWill() is { } will)
        {
            builder = builder.WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload.ToArray())
                .WithWillRetain(will.Retain)
                .WithWillQualityOfServiceLevel(will.AtLeastOnce ? MqttQualityOfServiceLevel.AtLeastOnce : MqttQualityOfServiceLevel.AtMostOnce);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(Broker.OperationTimeout);
        try
        {
            var result = await client.ConnectAsync(builder.Build(), timeout.Token).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Counters.OnConnectFailed();
                Logger.LogWarning("Bridge {Bridge}: broker {Host}:{Port} refused the connection: {Code} (check UserName and PasswordFile)", Name, Broker.Host, Broker.Port, result.ResultCode);
                return false;
            }

            foreach (var filter in Subscriptions())
            {
                await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtMostOnce).Build(), timeout.Token).ConfigureAwait(false);
            }

            if (!await OnConnectedAsync(stop).ConfigureAwait(false))
            {
                Counters.OnConnectFailed();
                await client.DisconnectAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
                return false;
            }

            Counters.SetConnected(true);
            Logger.LogInformation("Bridge {Bridge}: connected to {Host}:{Port}", Name, Broker.Host, Broker.Port);
            return true;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException && !stop.IsCancellationRequested)
        {
            Counters.OnConnectFailed();
            Logger.LogDebug(e, "Bridge {Bridge}: connecting to {Host}:{Port} failed", Name, Broker.Host, Broker.Port);
            return false;
        }
    }

    private string ReadPassword()
    {
        using var reader = new StreamReader(Broker.PasswordFile);
        return reader.ReadLine() ?? string.Empty;
    }

    private void ConfigureTls(MqttClientTlsOptionsBuilder tls)
    {
        tls.UseTls(true);
        if (Broker.CaCertificateFile.Length > 0)
        {
            var trusted = new X509Certificate2Collection();
            trusted.ImportFromPemFile(Broker.CaCertificateFile);
            tls.WithTrustChain(trusted);
        }

        if (Broker.ClientCertificateFile.Length > 0)
        {
            tls.WithClientCertificates([X509Certificate2.CreateFromPemFile(Broker.ClientCertificateFile, Broker.ClientKeyFile)]);
        }
    }
}
