using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Protocol.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;

namespace EdgeCompute.Gateway.Uplink;

/// <summary>
/// The gateway's connection to the central broker: cuts batches from the outbox by age and size, sends them QoS 1 to
/// <c>ec/v1/g/{id}/up</c>, resends unacked ones unchanged after <see cref="UplinkOptions.ResendTimeout"/>, deletes them
/// only on a coordinator-signed ack, and exposes verified coordinator tasks on <see cref="Tasks"/>. Publishes the
/// retained gateway birth and <c>online</c>; its will is <c>offline</c>. Reconnects with exponential backoff and jitter.
/// </summary>
public sealed partial class UplinkClient : IAsyncDisposable
{
    private readonly GatewayOptions _options;
    private readonly GatewayFile _gateway;
    private readonly OutboxStore _outbox;
    private readonly IGatewayResources _resources;
    private readonly IReadOnlyList<string> _devices;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private const int UnreachableWarningAfter = 3;
    private const int UnreachableReminderEvery = 20;
    private readonly ReconnectBackoff _backoff;
    private string? _lastConnectFailure;
    private readonly ECDsa _gatewayKey;
    private readonly ECDsa _coordinatorKey;
    private readonly BrokerAddress _broker;
    private readonly UplinkTls? _tls;
    private int _publishRefusalSaid;
    private readonly IMqttClient _client;
    private readonly Channel<CoordinatorTask> _tasks = Channel.CreateBounded<CoordinatorTask>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _stop = new();
    private readonly BatchSendTimes _sentAt = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(uint Boot, ulong Seq), long> _firstSent = new();
    private Task _loop = Task.CompletedTask;
    private DateTimeOffset _lastCut;
    private bool _sessionReady;
    private long _cutFailures;

    /// <summary>Creates the uplink (not started).</summary>
    /// <param name="options">The gateway settings.</param>
    /// <param name="gateway">This gateway's file: id, key, coordinator key, broker credentials.</param>
    /// <param name="outbox">The durable outbox.</param>
    /// <param name="devices">The ids of the attached devices (for the birth).</param>
    /// <param name="resources">Free resources for the birth and status.</param>
    /// <param name="time">The clock (batch age, resend and backoff timing).</param>
    /// <param name="random">The jitter source.</param>
    /// <param name="logger">The logger.</param>
    public UplinkClient(
        GatewayOptions options,
        GatewayFile gateway,
        OutboxStore outbox,
        IReadOnlyList<string> devices,
        IGatewayResources? resources = null,
        TimeProvider? time = null,
        Random? random = null,
        ILogger<UplinkClient>? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
        _outbox = outbox ?? throw new ArgumentNullException(nameof(outbox));
        _devices = devices ?? throw new ArgumentNullException(nameof(devices));
        _resources = resources ?? new ProcResources();
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var uplink = options.Uplink;
        _backoff = new ReconnectBackoff(uplink.BackoffInitial, uplink.BackoffMax, uplink.BackoffJitter, random ?? Random.Shared);
        if (!BrokerAddress.TryParse(uplink.BrokerUrl, uplink.UseTls, out var broker))
        {
            throw new ArgumentException($"GatewayOptions:Uplink:BrokerUrl \"{uplink.BrokerUrl}\" is not mqtt://host:port", nameof(options));
        }

        _broker = broker;
        _tls = UplinkTls.Create(uplink, broker);
        _gatewayKey = P256Keys.ImportPrivateKey(gateway.PrivateKey);
        _coordinatorKey = P256Keys.ImportPublicKey(gateway.CoordinatorPublicKey);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
        _lastCut = _time.GetUtcNow();
    }

    /// <summary>
    /// Gets the count of devices connected to the device broker, for the status's connected devices (key 8); when null
    /// (an uplink without a device broker) the status leaves that key out rather than claim a number.
    /// </summary>
    public Func<long>? ConnectedDevices { get; init; }

    /// <summary>Gets the count of every uplink event.</summary>
    public OutcomeCounter<UplinkEvent> Events { get; } = new();

    /// <summary>
    /// Raised once per batch a signed ack names (stored or rejected) that this uplink sent since it started, with the
    /// time from its first send to the ack; on the thread that handles the ack, so a handler must be quick.
    /// </summary>
    public event Action<TimeSpan>? BatchAcknowledged;

    /// <summary>Gets verified coordinator tasks, for the dispatcher (oldest dropped past 1024 waiting).</summary>
    public ChannelReader<CoordinatorTask> Tasks => _tasks.Reader;

    /// <summary>Gets whether the central broker session is up: connected, subscribed to acks and tasks, birth published.</summary>
    public bool IsConnected => Volatile.Read(ref _sessionReady) && _client.IsConnected;

    /// <summary>Starts the connect-and-send loop.</summary>
    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>Stops the loop and disconnects (the will is not published on a clean disconnect, so <c>offline</c> is sent first).</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // normal shutdown
        }

        if (_client.IsConnected)
        {
            using var timeout = new CancellationTokenSource(_options.Uplink.OperationTimeout);
            try
            {
                await PublishAsync(ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.State), StatePayload.Encode(ConnectionState.Offline), true, timeout.Token).ConfigureAwait(false);
                await _client.DisconnectAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                _logger.LogDebug(e, "Uplink disconnect was not clean");
            }
        }

        _client.Dispose();
        _tls?.Dispose();
        _gatewayKey.Dispose();
        _coordinatorKey.Dispose();
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(_options.Batching.MaxAge.TotalMilliseconds / 4, 5, 250));
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!IsConnected && !await ConnectAsync(stop).ConfigureAwait(false))
                {
                    var delay = _backoff.Next();
                    LogUnreachable(_backoff.Failures, delay);
                    await Task.Delay(delay, _time, stop).ConfigureAwait(false);
                    continue;
                }

                await TryCutBatchesAsync(stop).ConfigureAwait(false);
                await SendDueAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or TimeoutException or Microsoft.Data.Sqlite.SqliteException)
            {
                _logger.LogWarning(e, "Uplink iteration failed; carrying on");
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                // Anything else is a bug, but a dead uplink loop would strand the outbox silently: log it and go on.
                _logger.LogError(e, "Uplink iteration failed unexpectedly; carrying on");
            }

            await Task.Delay(tick, _time, stop).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One line per failed attempt (the backoff keeps them at most one a minute): a warning after the first
    /// <see cref="UnreachableWarningAfter"/> attempts and every <see cref="UnreachableReminderEvery"/> after, naming the
    /// broker, the cause and the fix; information for the others.
    /// </summary>
    private void LogUnreachable(int failures, TimeSpan delay)
    {
        if (failures == UnreachableWarningAfter || (failures > UnreachableWarningAfter && failures % UnreachableReminderEvery == 0))
        {
            _logger.LogWarning(
                "Central broker unreachable after {Attempts} attempts: {Host}:{Port} ({Reason}); still trying, next in {DelaySeconds:0.0} s. Is the coordinator running, and is Uplink:BrokerUrl (--broker) its address?",
                failures, _broker.Host, _broker.Port, _lastConnectFailure ?? "no answer", delay.TotalSeconds);
        }
        else
        {
            _logger.LogInformation("Central broker unreachable; attempt {Attempt} again in {DelaySeconds:0.0} s", failures, delay.TotalSeconds);
        }
    }
}
