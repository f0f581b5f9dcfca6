using System.Buffers;
using System.Security.Cryptography;
using System.Threading.Channels;
using EdgeCompute.Gateway.Configuration;
using EdgeCompute.Gateway.EdgeTasks;
using EdgeCompute.Gateway.Ingest;
using EdgeCompute.Gateway.Outbox;
using EdgeCompute.Protocol;
using EdgeCompute.Protocol.Batches;
using EdgeCompute.Protocol.Births;
using EdgeCompute.Protocol.Coordinator;
using EdgeCompute.Protocol.Provisioning;
using EdgeCompute.Protocol.Security;
using EdgeCompute.Protocol.Tls;
using EdgeCompute.Protocol.Topics;
using EdgeCompute.Protocol.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeCompute.Gateway.Uplink;

/// <summary>
/// The gateway's connection to the central broker: cuts batches from the outbox by age and size, sends them QoS 1 to
/// <c>ec/v1/g/{id}/up</c>, resends unacked ones unchanged after <see cref="UplinkOptions.ResendTimeout"/>, deletes them
/// only on a coordinator-signed ack, and exposes verified coordinator tasks on <see cref="Tasks"/>. Publishes the
/// retained gateway birth and <c>online</c>; its will is <c>offline</c>. Reconnects with exponential backoff and jitter.
/// </summary>
public sealed class UplinkClient : IAsyncDisposable
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

    private async Task<bool> ConnectAsync(CancellationToken stop)
    {
        Volatile.Write(ref _sessionReady, false);
        if (_client.IsConnected)
        {
            // A session left half set up (a subscription or the birth timed out) would never receive acks: start it again.
            await DisconnectHalfSessionAsync().ConfigureAwait(false);
        }

        Events.Increment(UplinkEvent.ConnectAttempt);
        var id = _gateway.GatewayId;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_broker.Host, _broker.Port)
            .WithClientId(id)
            .WithCredentials(_gateway.BrokerUsername, _gateway.BrokerPassword)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(true)
            .WithKeepAlivePeriod(_options.Uplink.KeepAlive)
            .WithTimeout(_options.Uplink.OperationTimeout)
            .WithWillTopic(ProtocolTopics.Gateway(id, GatewayTopicKind.State))
            .WithWillPayload(StatePayload.Encode(ConnectionState.Offline))
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_tls is not null)
        {
            _tls.Check.Reset();
            builder = _tls.Apply(builder);
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(_options.Uplink.OperationTimeout);
            var result = await _client.ConnectAsync(builder.Build(), timeout.Token).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                Events.Increment(UplinkEvent.ConnectFailed);
                _lastConnectFailure = $"refused: {result.ResultCode}";
                _logger.LogWarning("Central broker refused the connection: {Code}", result.ResultCode);
                return false;
            }

            var subscribed = await _client.SubscribeAsync(
                new MqttClientSubscribeOptionsBuilder()
                    .WithTopicFilter(ProtocolTopics.Gateway(id, GatewayTopicKind.Ack), MqttQualityOfServiceLevel.AtLeastOnce)
                    .WithTopicFilter(ProtocolTopics.Gateway(id, GatewayTopicKind.Task), MqttQualityOfServiceLevel.AtLeastOnce)
                    .Build(),
                timeout.Token).ConfigureAwait(false);
            if (subscribed.Items.FirstOrDefault(i => i.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1)) is { } refused)
            {
                // Without the ack subscription every batch would be sent and never acknowledged: try the session again later.
                Events.Increment(UplinkEvent.ConnectFailed);
                _logger.LogWarning("Central broker refused the subscription to {Filter}: {Code} (the gateway user needs read access to its ack and task topics)", refused.TopicFilter.Topic, refused.ResultCode);
                return false;
            }

            await PublishAsync(ProtocolTopics.Gateway(id, GatewayTopicKind.Birth), GatewayBirthCodec.Encode(Birth()), true, timeout.Token).ConfigureAwait(false);
            await PublishAsync(ProtocolTopics.Gateway(id, GatewayTopicKind.State), StatePayload.Encode(ConnectionState.Online), true, timeout.Token).ConfigureAwait(false);
            _backoff.Reset();
            Volatile.Write(ref _sessionReady, true);
            _tls?.Connected();
            Events.Increment(UplinkEvent.Connected);
            _logger.LogInformation("Connected to the central broker {Host}:{Port} as {GatewayId}", _broker.Host, _broker.Port, id);
            return true;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException && !stop.IsCancellationRequested)
        {
            Events.Increment(UplinkEvent.ConnectFailed);
            if (_tls?.Describe(e) is { } refusal)
            {
                Events.Increment(UplinkEvent.TlsRefused);
                _tls.Report(refusal, _logger);
                _lastConnectFailure = refusal.Message;
            }
            else
            {
                _lastConnectFailure = e is OperationCanceledException ? "no answer within Uplink:OperationTimeout" : Innermost(e).Message;
            }

            _logger.LogDebug(e, "Connecting to the central broker failed");
            return false;
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner)
        {
            e = inner;
        }

        return e;
    }

    private async Task DisconnectHalfSessionAsync()
    {
        using var timeout = new CancellationTokenSource(_options.Uplink.OperationTimeout);
        try
        {
            await _client.DisconnectAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            _logger.LogDebug(e, "Dropping a half set-up central broker session was not clean");
        }
    }

    private GatewayBirth Birth() => new(
        _gateway.GatewayId,
        _outbox.Boot,
        _time.GetUtcNow().ToUnixTimeMilliseconds(),
        _resources.Cores,
        _resources.MemoryBytes,
        WasmSupport: true,
        _devices,
        _options.Geohash,
        Kernels: GatewayKernels.Of(_options, _gateway));

    /// <summary>
    /// Cuts what is due; when the outbox cannot store a new batch (its disk full) that is said once and counted, and the
    /// batches already cut are still sent, so their acks can free the room.
    /// </summary>
    private async Task TryCutBatchesAsync(CancellationToken stop)
    {
        try
        {
            await CutBatchesAsync(stop).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _cutFailures, 0) is > 0 and var failures)
            {
                _logger.LogInformation("Cutting batches from the outbox again ({Failures} attempts failed meanwhile)", failures);
            }
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or TimeoutException)
        {
            Events.Increment(UplinkEvent.CutFailed);
            if (Interlocked.Increment(ref _cutFailures) == 1)
            {
                _logger.LogWarning("The outbox cannot store a new batch ({Reason}); the batches already cut are still sent and their acks free room; said once until cutting works again", e.Message);
            }
        }
    }

    private async Task CutBatchesAsync(CancellationToken stop)
    {
        var batching = _options.Batching;
        while (_outbox.UnackedBatches < batching.MaxUnackedBatches)
        {
            var now = _time.GetUtcNow();
            var aged = _outbox.OldestPendingAt is { } oldest && now - oldest >= batching.MaxAge;
            var full = _outbox.PendingItems >= batching.MaxItems;
            var statusDue = now - _lastCut >= batching.StatusInterval;
            var resultWaiting = batching.CutOnTaskResult && _outbox.TakeTaskResultStored();
            if (!aged && !full && !statusDue && !resultWaiting)
            {
                return;
            }

            var batch = await _outbox.CutBatchAsync(batching.MaxBytes, batching.MaxItems, allowEmpty: statusDue, Seal, stop).ConfigureAwait(false);
            if (batch is null)
            {
                return;
            }

            _lastCut = now;
        }
    }

    private byte[] Seal(uint boot, ulong seq, IReadOnlyList<BatchItem> items)
    {
        var (idle, free) = _resources.Read();
        var status = new GatewayStatus(idle, free, (ulong)Math.Max(0, _outbox.PendingItems - items.Count));
        if (_options.Batching.ExtendedStatus)
        {
            var outbox = _outbox.Counters();
            status = status with
            {
                OutboxBytes = (ulong)Math.Max(0, outbox.Bytes),
                UnackedBatches = (ulong)Math.Max(0, outbox.UnackedBatches) + 1, // this batch is cut and not yet acked
                OutboxEvictions = (ulong)Math.Max(0, outbox.EvictedFrames),
                UplinkReconnects = (ulong)Math.Max(0, Events[UplinkEvent.Connected] - 1),
                ConnectedDevices = ConnectedDevices is { } count ? (ulong)Math.Max(0, count()) : null,
            };
        }

        var batch = BatchSealer.Seal(new GatewayBatchBody(items, status), _gateway.GatewayId, boot, seq, BatchCodec.Brotli, _gatewayKey);
        return GatewayBatchCodec.Encode(batch);
    }

    private async Task SendDueAsync(CancellationToken stop)
    {
        if (_outbox.UnackedBatches == 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var unacked = await _outbox.UnackedBatchesAsync(stop).ConfigureAwait(false);
        _sentAt.KeepOnly(unacked);
        foreach (var batch in unacked)
        {
            var sent = _sentAt.LastSent(batch);
            if (sent is { } last && now - last < _options.Uplink.ResendTimeout)
            {
                continue;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(_options.Uplink.OperationTimeout);
            _firstSent.TryAdd((batch.Boot, batch.Seq), _time.GetTimestamp()); // before the publish: its ack may come back before the publish returns
            var published = await PublishAsync(ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Up), batch.Message, false, timeout.Token).ConfigureAwait(false);
            if (!published)
            {
                Events.Increment(UplinkEvent.SendFailed);
                return;
            }

            _sentAt.Sent(batch, now);
            try
            {
                await _outbox.MarkSentAsync(batch.Boot, batch.Seq, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or TimeoutException)
            {
                _logger.LogDebug(e, "Could not record that batch {Boot}/{Seq} was sent (kept in memory)", batch.Boot, batch.Seq);
            }

            Events.Increment(batch.Attempts == 0 && sent is null ? UplinkEvent.BatchSent : UplinkEvent.BatchResent);
            if (batch.Attempts > 0)
            {
                _logger.LogInformation("Resent batch {Boot}/{Seq} unchanged (attempt {Attempt})", batch.Boot, batch.Seq, batch.Attempts + 1);
            }
        }
    }

    private void ReportAckLatency(CoordinatorAck ack)
    {
        foreach (var seq in ack.Stored.Concat(ack.Rejected))
        {
            if (_firstSent.TryRemove((ack.Boot, seq), out var sentAt))
            {
                BatchAcknowledged?.Invoke(_time.GetElapsedTime(sentAt));
            }
        }
    }

    private async Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess && Interlocked.Exchange(ref _publishRefusalSaid, 1) == 0)
        {
            // A broker that refuses this gateway's own topics takes it for someone else (its ACL, or a client certificate
            // of another gateway); said once until a publish goes through again.
            _logger.LogWarning("Central broker refused a publish on {Topic}: {Code} {Reason} (the broker's ACL does not let this connection write it: check the user name or --client-cert)",
                topic, result.ReasonCode, result.ReasonString);
        }
        else if (result.IsSuccess)
        {
            Volatile.Write(ref _publishRefusalSaid, 0);
        }

        return result.IsSuccess;
    }

    private async Task OnMessageAsync(string topic, byte[] payload)
    {
        if (topic == ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Ack))
        {
            var ack = CoordinatorAckSignature.Open(payload, _coordinatorKey, _gateway.GatewayId);
            if (!ack.TryGetValue(out var verified))
            {
                Events.Increment(UplinkEvent.AckRejected);
                _logger.LogWarning("Dropped an ack: {Error}", ack.Error);
                return;
            }

            Events.Increment(UplinkEvent.AckAccepted);
            ReportAckLatency(verified);
            int stored, rejected;
            try
            {
                (stored, rejected) = await _outbox.AcknowledgeAsync(verified, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or TimeoutException or ObjectDisposedException)
            {
                Events.Increment(UplinkEvent.AckNotApplied);
                _logger.LogWarning("Ack for boot {Boot} not applied ({Reason}); the batch is resent and acknowledged again", verified.Boot, e.Message);
                return;
            }

            if (rejected > 0)
            {
                _logger.LogError("Coordinator rejected {Count} batches of boot {Boot} for good: {Seqs}", rejected, verified.Boot, verified.Rejected);
            }

            _logger.LogDebug("Ack for boot {Boot}: {Stored} batches deleted", verified.Boot, stored);
        }
        else if (topic == ProtocolTopics.Gateway(_gateway.GatewayId, GatewayTopicKind.Task))
        {
            var task = CoordinatorTaskSignature.Open(payload, _coordinatorKey, _gateway.GatewayId);
            if (!task.TryGetValue(out var verified))
            {
                Events.Increment(UplinkEvent.TaskRejected);
                _logger.LogWarning("Dropped a coordinator task: {Error}", task.Error);
                return;
            }

            Events.Increment(UplinkEvent.TaskAccepted);
            _tasks.Writer.TryWrite(verified);
        }
    }
}
